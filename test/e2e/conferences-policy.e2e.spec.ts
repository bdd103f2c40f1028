import { Role } from '../../src/auth/role';
import { buildWorld, World } from '../helpers/world';
import { errorCode, ok, Person, startTestApp, TestApp, uniqueAuthority } from '../helpers/test-app';
import { heldInitial, M } from './conferences.fixtures';

describe('conference, plan and core group policy: role, team and authority on every operation', () => {
  let t: TestApp;
  let w: World;
  let childA: string;
  let confA: string;
  let planA: string;
  let meetingA: string;
  let requestedA: string;
  let stranger: Person;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'pol');
    childA = await w.child(w.teamA);
    const held = await heldInitial(t, w.chair, [childA], '2026-05-01', '2026-05-12', [
      { childId: childA, decision: 'PLAN_STARTED', category: 'NEGLECT' },
    ]);
    confA = held.id;
    planA = held.outcomes[0].plan.id;
    meetingA = (
      await ok(t, w.teamA.socialWorker, M.scheduleMeeting, {
        i: { planId: planA, scheduledFor: '2026-05-20T10:00:00Z' },
      })
    ).scheduleCoreGroupMeeting.id;
    const other = await w.child(w.teamA);
    requestedA = (
      await ok(t, w.chair, M.requestInitial, { i: { childIds: [other], strategyDiscussionDate: '2026-05-01' } })
    ).requestInitialConference.id;
    stranger = {
      sub: 'chair-elsewhere',
      roles: [Role.CHAIR, Role.ADMIN, Role.AUDITOR],
      authority: uniqueAuthority('else'),
    };
  });
  afterAll(() => t.close());

  it('reads: own team and authority-wide readers see; another team is FORBIDDEN; another authority NOT_FOUND', async () => {
    for (const who of [w.teamA.socialWorker, w.teamA.manager, w.chair, w.auditor, w.serviceManager, w.director]) {
      expect((await ok(t, who, M.conference, { id: confA })).conference.id).toBe(confA);
      expect((await ok(t, who, M.plan, { id: planA })).childProtectionPlan.id).toBe(planA);
    }
    for (const who of [w.teamB.socialWorker, w.teamB.manager]) {
      expect(await errorCode(t, who, M.conference, { id: confA })).toBe('FORBIDDEN');
      expect(await errorCode(t, who, M.plan, { id: planA })).toBe('FORBIDDEN');
    }
    expect(await errorCode(t, stranger, M.conference, { id: confA })).toBe('NOT_FOUND');
    expect(await errorCode(t, stranger, M.plan, { id: planA })).toBe('NOT_FOUND');
  });

  it("lists: team staff see only their own team's conferences; another authority sees none", async () => {
    const list = '{ conferences(first: 100) { totalCount edges { node { id } } } }';
    expect((await ok(t, w.teamA.socialWorker, list)).conferences.totalCount).toBe(3);
    expect((await ok(t, w.teamB.socialWorker, list)).conferences).toEqual({ totalCount: 0, edges: [] });
    expect((await ok(t, w.auditor, list)).conferences.totalCount).toBe(3);
    expect((await ok(t, stranger, list)).conferences.totalCount).toBe(0);
    expect(
      await errorCode(t, w.teamB.manager, 'query($t: ID!) { conferences(filter: { teamId: $t }) { totalCount } }', {
        t: w.teamA.id,
      }),
    ).toBe('FORBIDDEN');
  });

  it("conference writes are for chairs only; another authority's conference is NOT_FOUND", async () => {
    const child = await w.child(w.teamA);
    for (const who of [w.teamA.socialWorker, w.teamA.manager, w.auditor, w.admin, w.director]) {
      expect(
        await errorCode(t, who, M.requestInitial, { i: { childIds: [child], strategyDiscussionDate: '2026-05-01' } }),
      ).toBe('FORBIDDEN');
      expect(
        await errorCode(t, who, M.requestTransferIn, { i: { childIds: [child], transferNotifiedOn: '2026-05-01' } }),
      ).toBe('FORBIDDEN');
      expect(
        await errorCode(t, who, M.schedule, { i: { conferenceId: requestedA, scheduledFor: '2026-05-20T10:00:00Z' } }),
      ).toBe('FORBIDDEN');
      expect(
        await errorCode(t, who, M.hold, { i: { conferenceId: requestedA, heldOn: '2026-05-20', outcomes: [] } }),
      ).toBe('FORBIDDEN');
      expect(await errorCode(t, who, M.cancel, { id: requestedA, r: 'x' })).toBe('FORBIDDEN');
    }
    expect(
      await errorCode(t, stranger, M.schedule, {
        i: { conferenceId: requestedA, scheduledFor: '2026-05-20T10:00:00Z' },
      }),
    ).toBe('NOT_FOUND');
    expect(await errorCode(t, stranger, M.cancel, { id: requestedA, r: 'x' })).toBe('NOT_FOUND');
    expect(
      await errorCode(t, stranger, M.hold, { i: { conferenceId: requestedA, heldOn: '2026-05-20', outcomes: [] } }),
    ).toBe('NOT_FOUND');
  });

  it("core group writes: own team's social worker or manager, or a chair; never an auditor or another team", async () => {
    expect(
      await errorCode(t, w.teamB.socialWorker, M.scheduleMeeting, {
        i: { planId: planA, scheduledFor: '2026-05-20T10:00:00Z' },
      }),
    ).toBe('FORBIDDEN');
    expect(
      await errorCode(t, w.teamB.manager, M.recordMeeting, { i: { meetingId: meetingA, heldOn: '2026-05-20' } }),
    ).toBe('FORBIDDEN');
    expect(await errorCode(t, w.auditor, M.recordMeeting, { i: { meetingId: meetingA, heldOn: '2026-05-20' } })).toBe(
      'FORBIDDEN',
    );
    expect(
      await errorCode(t, w.admin, M.scheduleMeeting, { i: { planId: planA, scheduledFor: '2026-05-20T10:00:00Z' } }),
    ).toBe('FORBIDDEN');
    expect(
      await errorCode(
        t,
        w.teamB.socialWorker,
        'mutation($id: ID!) { cancelCoreGroupMeeting(meetingId: $id, reason: "x") { id } }',
        { id: meetingA },
      ),
    ).toBe('FORBIDDEN');
    expect(await errorCode(t, stranger, M.recordMeeting, { i: { meetingId: meetingA, heldOn: '2026-05-20' } })).toBe(
      'NOT_FOUND',
    );
    expect(
      await errorCode(t, stranger, M.scheduleMeeting, { i: { planId: planA, scheduledFor: '2026-05-20T10:00:00Z' } }),
    ).toBe('NOT_FOUND');
    expect(
      (await ok(t, w.chair, M.recordMeeting, { i: { meetingId: meetingA, heldOn: '2026-05-20' } }))
        .recordCoreGroupMeeting.status,
    ).toBe('HELD');
  });

  it("ending a plan: a chair, or the manager of the child's team", async () => {
    const end = { i: { planId: planA, endDate: '2026-06-01', reason: 'LEFT_UK' } };
    for (const who of [w.teamA.socialWorker, w.auditor, w.admin, w.teamB.manager])
      expect(await errorCode(t, who, M.endPlan, end)).toBe('FORBIDDEN');
    expect(await errorCode(t, stranger, M.endPlan, end)).toBe('NOT_FOUND');
    expect((await ok(t, w.teamA.manager, M.endPlan, end)).endChildProtectionPlan.status).toBe('ENDED');
  });

  it("Child.conferences, activePlan and plans follow the child's own read policy", async () => {
    expect((await ok(t, w.teamA.socialWorker, M.child, { id: childA })).child.conferences.length).toBe(2);
    expect(await errorCode(t, w.teamB.socialWorker, M.child, { id: childA })).toBe('FORBIDDEN');
  });
});
