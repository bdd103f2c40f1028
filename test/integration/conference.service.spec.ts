import { CurrentUser } from '../../src/auth/principal';
import { DomainError } from '../../src/common/errors';
import { ConferenceFamilyService } from '../../src/conferences/conference-family.service';
import { ConferenceHeldService } from '../../src/conferences/conference-held.service';
import { ConferenceQueries } from '../../src/conferences/conference.queries';
import { ConferenceRepository } from '../../src/conferences/conference.repository';
import { ConferenceService } from '../../src/conferences/conference.service';
import { AbuseCategory, ConferenceTypeEnum, PlanDecision } from '../../src/conferences/conference.types';
import { PlanRepository } from '../../src/plans/plan.repository';
import { callerOf, childOfTeamA, heldIcpc, requestedIcpc, scheduled } from '../helpers/builders/conferences';
import { startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// ConferenceService, ConferenceHeldService and ConferenceFamilyService against the real PostgreSQL,
// without HTTP (issue 11's middle tier). The clock stands on Thu 26 Nov 2026 (CLOCK_TODAY), so the
// dates below are fixed: a strategy discussion on Mon 2 Nov starts a 15-working-day clock ending Mon 23 Nov.
const DISCUSSED = '2026-11-02';
const ICPC_DUE = '2026-11-23';
const HELD = '2026-11-20';

describe('conference services (no HTTP)', () => {
  let t: TestApp;
  let w: World;
  let chair: CurrentUser;
  let conferences: ConferenceService;
  let repo: ConferenceRepository;
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
    );
  const events = async (id: string): Promise<{ action: string; details: Record<string, unknown> | null }[]> =>
    t.dataSource.query('SELECT action, details FROM audit_event WHERE entity_id = $1 ORDER BY sequence', [id]);

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: '2026-11-26' });
    w = await buildWorld(t, 'confsvc');
    chair = await callerOf(t, w.chair);
    conferences = t.app.get(ConferenceService);
    repo = t.app.get(ConferenceRepository);
  }, 60_000);
  afterAll(() => t.close());

  it('requests an ICPC: the record reads back requested, due 15 working days after the discussion, with its children', async () => {
    const [a, b] = [await childOfTeamA(w), await childOfTeamA(w)];
    const id = await requestedIcpc(t, chair, [a, b], DISCUSSED);
    const conf = await repo.get(chair.authorityId, id);
    expect(conf).toMatchObject({
      id,
      authorityId: chair.authorityId,
      type: 'INITIAL',
      status: 'REQUESTED',
      teamId: w.teamA.id,
      clockStart: DISCUSSED,
      dueBy: ICPC_DUE,
      strategyDiscussionDate: DISCUSSED,
      transferNotifiedOn: null,
      chairId: null,
      heldOn: null,
      version: 1,
      attendance: [],
    });
    expect((await repo.childrenOf(chair.authorityId, [id])).map((c) => c.childId).sort()).toEqual([a, b].sort());
    // Another authority sees nothing of it.
    expect(await repo.get('00000000-0000-4000-8000-000000000000', id)).toBeNull();
    // A child is in one open ICPC at a time.
    expect(await codeOf(requestedIcpc(t, chair, [b], DISCUSSED))).toBe('BAD_USER_INPUT');
  });

  it('schedules, then reschedules only with a reason', async () => {
    const id = await requestedIcpc(t, chair, [await childOfTeamA(w)], DISCUSSED);
    await scheduled(t, chair, id, '2026-11-27');
    expect(await repo.get(chair.authorityId, id)).toMatchObject({
      status: 'SCHEDULED',
      chairId: chair.staffId,
      scheduledFor: new Date('2026-11-27T10:00:00Z'),
      version: 2,
    });
    expect(
      await codeOf(conferences.schedule(chair, { conferenceId: id, scheduledFor: new Date('2026-11-30T10:00:00Z') })),
    ).toBe('BAD_USER_INPUT');
    await conferences.schedule(chair, {
      conferenceId: id,
      scheduledFor: new Date('2026-11-30T10:00:00Z'),
      reason: 'the family asked to move it',
    });
    expect(await repo.get(chair.authorityId, id)).toMatchObject({
      status: 'SCHEDULED',
      scheduledFor: new Date('2026-11-30T10:00:00Z'),
      version: 3,
    });
  });

  it('holds an ICPC: outcomes per child, a plan started, and the first review requested 3 months on', async () => {
    const child = await childOfTeamA(w);
    const id = await heldIcpc(t, chair, [child], { discussedOn: DISCUSSED, heldOn: HELD });
    expect(await repo.get(chair.authorityId, id)).toMatchObject({
      status: 'HELD',
      heldOn: HELD,
      minutesDueBy: expect.any(String),
    });
    const [outcome] = await repo.childrenOf(chair.authorityId, [id]);
    expect(outcome).toMatchObject({
      conferenceId: id,
      childId: child,
      decision: 'PLAN_STARTED',
      category: 'NEGLECT',
      endReason: null,
      attended: null,
    });
    const [plan] = await t.app.get(PlanRepository).findMany(chair.authorityId, [outcome.planId!]);
    expect(plan).toMatchObject({ childId: child, status: 'ACTIVE', startDate: HELD, startedByConferenceId: id });
    const ofChild = await repo.ofChildren(chair.authorityId, [child]);
    expect(ofChild.map((c) => [c.type, c.status, c.dueBy, c.previousConferenceId])).toEqual([
      ['REVIEW', 'REQUESTED', '2027-02-20', id],
      ['INITIAL', 'HELD', ICPC_DUE, null],
    ]);
    // A review of active plans is not cancelled: it is rescheduled, or the plans end.
    expect(await codeOf(conferences.cancel(chair, ofChild[0].id, 'not needed'))).toBe('BAD_USER_INPUT');
    // Holding it twice is no transition.
    expect(
      await codeOf(
        t.app.get(ConferenceHeldService).record(chair, {
          conferenceId: id,
          heldOn: HELD,
          outcomes: [{ childId: child, decision: PlanDecision.PLAN_STARTED, category: AbuseCategory.NEGLECT }],
        }),
      ),
    ).toBe('INVALID_TRANSITION');
  });

  it('records the report shared and the minutes distributed through the engine: one version each, with the audit event', async () => {
    const family = t.app.get(ConferenceFamilyService);
    const id = await requestedIcpc(t, chair, [await childOfTeamA(w)], DISCUSSED);
    await scheduled(t, chair, id, HELD);
    const before = (await repo.get(chair.authorityId, id))!;
    await family.record(chair, {
      operation: 'recordReportSharedWithFamily',
      conferenceId: id,
      on: '2026-11-17',
      expectedVersion: before.version,
    });
    const shared = (await repo.get(chair.authorityId, id))!;
    expect(shared).toMatchObject({
      reportSharedWithFamilyOn: '2026-11-17',
      version: before.version + 1,
      status: 'SCHEDULED',
    });
    // The version moved: a stale expectedVersion is a conflict, and nothing changes.
    expect(
      await codeOf(
        family.record(chair, {
          operation: 'recordReportSharedWithFamily',
          conferenceId: id,
          on: '2026-11-18',
          expectedVersion: before.version,
        }),
      ),
    ).toBe('CONFLICT');
    expect((await repo.get(chair.authorityId, id))!.reportSharedWithFamilyOn).toBe('2026-11-17');
    // Minutes only once held.
    expect(
      await codeOf(family.record(chair, { operation: 'recordMinutesDistributed', conferenceId: id, on: '2026-11-25' })),
    ).toBe('INVALID_TRANSITION');
    const child = (await repo.childrenOf(chair.authorityId, [id]))[0].childId;
    await t.app.get(ConferenceHeldService).record(chair, {
      conferenceId: id,
      heldOn: HELD,
      outcomes: [{ childId: child, decision: PlanDecision.NO_PLAN }],
    });
    const held = (await repo.get(chair.authorityId, id))!;
    await family.record(chair, {
      operation: 'recordMinutesDistributed',
      conferenceId: id,
      on: '2026-11-25',
      expectedVersion: held.version,
    });
    expect(await repo.get(chair.authorityId, id)).toMatchObject({
      minutesDistributedOn: '2026-11-25',
      version: held.version + 1,
    });
    const audited = (await events(id)).filter(
      (e) => e.action.startsWith('CONFERENCE_REPORT') || e.action === 'CONFERENCE_MINUTES_DISTRIBUTED',
    );
    expect(audited).toEqual([
      {
        action: 'CONFERENCE_REPORT_SHARED_WITH_FAMILY',
        details: {
          sharedOn: '2026-11-17',
          dueBy: shared.reportSharedDueBy,
          onTime: shared.reportSharedDueBy ? '2026-11-17' <= shared.reportSharedDueBy : null,
        },
      },
      {
        action: 'CONFERENCE_MINUTES_DISTRIBUTED',
        details: {
          distributedOn: '2026-11-25',
          dueBy: held.minutesDueBy,
          onTime: held.minutesDueBy ? '2026-11-25' <= held.minutesDueBy : null,
        },
      },
    ]);
  });

  it('lists a page without counting, and counts when asked', async () => {
    const auditor = await callerOf(t, w.auditor);
    const page = await t.app
      .get(ConferenceQueries)
      .list(auditor, { teamId: w.teamA.id, type: ConferenceTypeEnum.INITIAL }, 2);
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const all = (await repo.page(auditor.authorityId, { teamId: w.teamA.id, type: 'INITIAL' }, null, 100)).length;
    expect(await page.count()).toBe(all);
    expect(all).toBeGreaterThanOrEqual(4);
  });
});
