import { AuthoritySettingsService } from '../../src/directory/authority-settings.service';
import { buildWorld, World } from '../helpers/world';
import { ok, startTestApp, TestApp } from '../helpers/test-app';
import { heldInitial, M } from './conferences.fixtures';

describe("core groups: the authority's interval, overdue meetings and drift in the chair's inbox", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'cg');
  });
  afterAll(() => t.close());

  it("spaces later meetings by the authority's interval, and shows an overdue core group and drift to the chair", async () => {
    const [{ id: authorityId }] = await t.dataSource.query(
      'SELECT a.id FROM authority a JOIN team t ON t.authority_id = a.id WHERE t.id = $1',
      [w.teamA.id],
    );
    await t.dataSource.query('UPDATE authority SET core_group_interval_weeks = 6 WHERE id = $1', [authorityId]);
    t.app.get(AuthoritySettingsService).invalidate(authorityId);

    const child = await w.child(w.teamA);
    // ICPC Mon 2026-08-03: first core group by 2026-08-17 (10 working days).
    const held = await heldInitial(t, w.chair, [child], '2026-07-27', '2026-08-03', [
      {
        childId: child,
        decision: 'PLAN_STARTED',
        category: 'PHYSICAL_ABUSE',
        actions: [{ description: 'Safety plan agreed with school', ownerId: w.teamA.manager.id, dueBy: '2026-12-18' }],
      },
    ]);
    const planId = held.outcomes[0].plan.id;
    const m1 = (
      await ok(t, w.teamA.socialWorker, M.scheduleMeeting, { i: { planId, scheduledFor: '2026-08-14T09:00:00Z' } })
    ).scheduleCoreGroupMeeting;
    expect(m1.dueBy).toBe('2026-08-17');
    const actionId = (await ok(t, w.chair, M.plan, { id: planId })).childProtectionPlan.actions[0].id;
    await ok(t, w.teamA.socialWorker, M.recordMeeting, {
      i: { meetingId: m1.id, heldOn: '2026-08-14', progress: [{ actionId, progress: 'DRIFTING' }] },
    });
    // 6 weeks after 14 August, by this authority's setting; already past today: overdue, which is drift.
    const plan = (await ok(t, w.chair, M.plan, { id: planId })).childProtectionPlan;
    expect(plan.coreGroup).toMatchObject({ nextMeetingDueBy: '2026-09-25', overdue: true });
    expect(plan.driftingActions).toEqual([]);
    const inbox = await ok(t, w.chair, '{ myInbox { reason dueBy } }');
    expect(inbox.myInbox).toEqual(
      expect.arrayContaining([
        { reason: expect.stringContaining('core group meeting was due by 2026-09-25'), dueBy: '2026-09-25' },
      ]),
    );

    // ON_TRACK between two DRIFTING marks: not two in a row, so not drifting.
    const m2 = (
      await ok(t, w.teamA.socialWorker, M.scheduleMeeting, { i: { planId, scheduledFor: '2026-09-24T09:00:00Z' } })
    ).scheduleCoreGroupMeeting;
    expect(m2.dueBy).toBe('2026-09-25');
    await ok(t, w.teamA.socialWorker, M.recordMeeting, {
      i: { meetingId: m2.id, heldOn: '2026-09-24', progress: [{ actionId, progress: 'ON_TRACK' }] },
    });
    const m3 = (
      await ok(t, w.teamA.socialWorker, M.scheduleMeeting, { i: { planId, scheduledFor: '2026-11-02T09:00:00Z' } })
    ).scheduleCoreGroupMeeting;
    expect(m3.dueBy).toBe('2026-11-05');
    await ok(t, w.teamA.socialWorker, M.recordMeeting, {
      i: { meetingId: m3.id, heldOn: '2026-11-02', progress: [{ actionId, progress: 'DRIFTING' }] },
    });
    expect((await ok(t, w.chair, M.plan, { id: planId })).childProtectionPlan.driftingActions).toEqual([]);
    const m4 = (
      await ok(t, w.teamA.socialWorker, M.scheduleMeeting, { i: { planId, scheduledFor: '2026-11-20T09:00:00Z' } })
    ).scheduleCoreGroupMeeting;
    const rec = await ok(t, w.teamA.socialWorker, M.recordMeeting, {
      i: { meetingId: m4.id, heldOn: '2026-11-20', progress: [{ actionId, progress: 'DRIFTING' }] },
    });
    expect(rec.recordCoreGroupMeeting).toMatchObject({
      withinTimescale: true,
      progress: [{ progress: 'DRIFTING', action: { id: actionId } }],
    });
    const after = (await ok(t, w.chair, M.plan, { id: planId })).childProtectionPlan;
    expect(after.driftingActions.map((a: { id: string }) => a.id)).toEqual([actionId]);
    expect(after.coreGroup).toMatchObject({ nextMeetingDueBy: '2027-01-01', overdue: false });
    expect(after.coreGroup.meetings.map((m: { status: string }) => m.status)).toEqual(['HELD', 'HELD', 'HELD', 'HELD']);
    const items = (await ok(t, w.chair, '{ myInbox { reason action { id } } }')).myInbox.filter(
      (i: { action: { id: string } | null }) => i.action?.id === actionId,
    );
    expect(items).toHaveLength(1);
    expect(items[0].reason).toContain('marked drifting at two core group meetings in a row');
  });
});
