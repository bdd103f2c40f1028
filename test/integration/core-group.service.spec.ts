import { ActionRepository } from '../../src/actions/action.repository';
import { CurrentUser } from '../../src/auth/principal';
import { DomainError } from '../../src/common/errors';
import { ConferenceHeldService } from '../../src/conferences/conference-held.service';
import { ConferenceRepository } from '../../src/conferences/conference.repository';
import { AbuseCategory, PlanDecision } from '../../src/conferences/conference.types';
import { CoreGroupRepository } from '../../src/core-groups/core-group.repository';
import { CoreGroupService } from '../../src/core-groups/core-group.service';
import { ActionProgressStatus } from '../../src/core-groups/core-group.types';
import { DriftService } from '../../src/core-groups/drift.service';
import { callerOf, childOfTeamA, requestedIcpc, scheduled } from '../helpers/builders/conferences';
import { startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// CoreGroupService and DriftService against the real PostgreSQL, without HTTP. The clock stands on
// Thu 26 Nov 2026 (CLOCK_TODAY). A plan started at an ICPC on Fri 20 Nov has its first core group
// due 10 working days later: 23-27 Nov (5), 30 Nov-4 Dec (10), Fri 4 Dec. The authority's interval is 4 weeks.
const HELD = '2026-11-20';

describe('CoreGroupService (no HTTP)', () => {
  let t: TestApp;
  let w: World;
  let chair: CurrentUser;
  let service: CoreGroupService;
  let groups: CoreGroupRepository;
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
    );

  /** A plan started at a held ICPC with one outline-plan action; returns the plan, its core group and the action. */
  const planWithAction = async () => {
    const child = await childOfTeamA(w);
    const conferenceId = await requestedIcpc(t, chair, [child], '2026-11-02');
    await scheduled(t, chair, conferenceId, HELD);
    await t.app.get(ConferenceHeldService).record(chair, {
      conferenceId,
      heldOn: HELD,
      outcomes: [
        {
          childId: child,
          decision: PlanDecision.PLAN_STARTED,
          category: AbuseCategory.NEGLECT,
          actions: [{ description: 'Parenting assessment', ownerId: w.teamA.socialWorker.id, dueBy: '2027-01-15' }],
        },
      ],
    });
    const planId = (await t.app.get(ConferenceRepository).childrenOf(chair.authorityId, [conferenceId]))[0].planId!;
    const [group] = await groups.groupsOfPlans(chair.authorityId, [planId]);
    const [actionId] = await t.dataSource.transaction((m) =>
      t.app.get(ActionRepository).openIdsOfPlan(m, chair.authorityId, planId),
    );
    return { planId, group, actionId };
  };

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: '2026-11-26' });
    w = await buildWorld(t, 'cgsvc');
    chair = await callerOf(t, w.chair);
    service = t.app.get(CoreGroupService);
    groups = t.app.get(CoreGroupRepository);
  }, 60_000);
  afterAll(() => t.close());

  it('creates the core group with the plan, due 10 working days after the ICPC', async () => {
    const { planId, group, actionId } = await planWithAction();
    expect(group).toEqual({
      id: expect.any(String),
      planId,
      firstMeetingDueBy: '2026-12-04',
      planStatus: 'ACTIVE',
      lastHeldOn: null,
    });
    expect(actionId).toEqual(expect.any(String));
  });

  it('schedules one meeting at a time, due by the first due date until one is held', async () => {
    const { planId, group } = await planWithAction();
    const meetingId = await service.scheduleMeeting(
      chair,
      { planId, scheduledFor: new Date('2026-12-01T10:00:00Z') },
      null,
    );
    expect(await groups.findMeetings(chair.authorityId, [meetingId])).toEqual([
      {
        id: meetingId,
        authorityId: chair.authorityId,
        coreGroupId: group.id,
        status: 'SCHEDULED',
        scheduledFor: new Date('2026-12-01T10:00:00Z'),
        heldOn: null,
        dueBy: '2026-12-04',
        version: 1,
      },
    ]);
    expect(
      await codeOf(service.scheduleMeeting(chair, { planId, scheduledFor: new Date('2026-12-02T10:00:00Z') }, null)),
    ).toBe('BAD_USER_INPUT');
    await service.cancelMeeting(chair, meetingId, 'the family were ill');
    expect((await groups.findMeetings(chair.authorityId, [meetingId]))[0]).toMatchObject({
      status: 'CANCELLED',
      version: 2,
    });
    // Cancelled, so another may be scheduled; still due by the first due date.
    const again = await service.scheduleMeeting(
      chair,
      { planId, scheduledFor: new Date('2026-12-03T10:00:00Z') },
      null,
    );
    expect((await groups.findMeetings(chair.authorityId, [again]))[0].dueBy).toBe('2026-12-04');
    expect(
      await codeOf(
        service.scheduleMeeting(
          await callerOf(t, w.teamB.socialWorker),
          { planId, scheduledFor: new Date('2026-12-03T10:00:00Z') },
          null,
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('records a meeting with progress on every open action; the next is due 4 weeks after it', async () => {
    const { planId, group, actionId } = await planWithAction();
    const meetingId = await service.scheduleMeeting(
      chair,
      { planId, scheduledFor: new Date('2026-11-25T10:00:00Z') },
      null,
    );
    expect(await codeOf(service.recordMeeting(chair, { meetingId, heldOn: '2026-11-25', progress: [] }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await codeOf(
        service.recordMeeting(chair, {
          meetingId,
          heldOn: '2026-11-19',
          progress: [{ actionId, progress: ActionProgressStatus.ON_TRACK }],
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    await service.recordMeeting(chair, {
      meetingId,
      heldOn: '2026-11-25',
      progress: [{ actionId, progress: ActionProgressStatus.ON_TRACK }],
    });
    expect((await groups.findMeetings(chair.authorityId, [meetingId]))[0]).toMatchObject({
      status: 'HELD',
      heldOn: '2026-11-25',
      version: 2,
    });
    expect(await groups.progressOf(chair.authorityId, [meetingId])).toEqual([
      { meetingId, actionId, progress: 'ON_TRACK' },
    ]);
    expect((await groups.groupsOfPlans(chair.authorityId, [planId]))[0]).toMatchObject({
      id: group.id,
      lastHeldOn: '2026-11-25',
    });
    // 25 Nov + 28 days.
    const next = await service.scheduleMeeting(chair, { planId, scheduledFor: new Date('2026-12-20T10:00:00Z') }, null);
    expect((await groups.findMeetings(chair.authorityId, [next]))[0].dueBy).toBe('2026-12-23');
  });

  it('an action marked drifting at the last two meetings is drifting', async () => {
    const { planId, actionId } = await planWithAction();
    const drift = t.app.get(DriftService);
    for (const heldOn of ['2026-11-24', '2026-11-25']) {
      const meetingId = await service.scheduleMeeting(
        chair,
        { planId, scheduledFor: new Date(`${heldOn}T10:00:00Z`) },
        null,
      );
      expect(await drift.driftingActions(chair.authorityId, [planId], '2026-11-26')).toEqual([]);
      await service.recordMeeting(chair, {
        meetingId,
        heldOn,
        progress: [{ actionId, progress: ActionProgressStatus.DRIFTING }],
      });
    }
    expect((await drift.driftingActions(chair.authorityId, [planId], '2026-11-26')).map((a) => a.id)).toEqual([
      actionId,
    ]);
    // Overdue is drifting too, whatever the meetings said: on the day after its due date.
    const { planId: other, actionId: overdue } = await planWithAction();
    expect((await drift.driftingActions(chair.authorityId, [other], '2027-01-16')).map((a) => a.id)).toEqual([overdue]);
    expect(await drift.driftingActions(chair.authorityId, [other], '2027-01-15')).toEqual([]);
  });
});
