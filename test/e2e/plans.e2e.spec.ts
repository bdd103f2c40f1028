import { buildWorld, World } from '../helpers/world';
import { errorCode, gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { heldInitial, M } from './conferences.fixtures';

describe('plans: transfer-in, ending outside a review, and a pre-birth plan whose birth moves the review', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'plan');
  });
  afterAll(() => t.close());

  it('holds a transfer-in conference 15 working days after notification, then ends the plan when the child moves on', async () => {
    const child = await w.child(w.teamB);
    // Notified Mon 2026-03-02: Mar 3-6 (4), 9-13 (9), 16-20 (14), Mon 23 (15).
    const req = (
      await ok(t, w.chair, M.requestTransferIn, { i: { childIds: [child], transferNotifiedOn: '2026-03-02' } })
    ).requestTransferInConference;
    expect(req).toMatchObject({
      type: 'TRANSFER_IN',
      dueBy: '2026-03-23',
      transferNotifiedOn: '2026-03-02',
      strategyDiscussionDate: null,
    });
    await ok(t, w.chair, M.schedule, { i: { conferenceId: req.id, scheduledFor: '2026-03-20T10:00:00Z' } });
    expect(
      await errorCode(t, w.chair, M.hold, {
        i: {
          conferenceId: req.id,
          heldOn: '2026-02-27',
          outcomes: [{ childId: child, decision: 'PLAN_STARTED', category: 'PHYSICAL_ABUSE' }],
        },
      }),
    ).toBe('BAD_USER_INPUT');
    const held = (
      await ok(t, w.chair, M.hold, {
        i: {
          conferenceId: req.id,
          heldOn: '2026-03-20',
          outcomes: [{ childId: child, decision: 'PLAN_STARTED', category: 'PHYSICAL_ABUSE' }],
        },
      })
    ).recordConferenceHeld;
    // (2026-03-02, 2026-03-20]: 14 working days.
    expect(held).toMatchObject({ withinTimescale: true, workingDaysElapsed: 14 });
    const planId = held.outcomes[0].plan.id;
    const plan = (await ok(t, w.teamB.socialWorker, M.plan, { id: planId })).childProtectionPlan;
    // Core group: Mar 23-27 (5), 30-31, Apr 1-2 (9); Good Friday 3 Apr and Easter Monday 6 Apr => Tue 7 Apr (10).
    expect(plan).toMatchObject({
      startDate: '2026-03-20',
      nextReviewDueBy: '2026-06-20',
      coreGroup: { firstMeetingDueBy: '2026-04-07' },
    });

    const end = (i: Record<string, unknown>) => ({
      i: { planId, endDate: '2026-05-01', reason: 'TRANSFERRED_OUT', ...i },
    });
    expect(await errorCode(t, w.teamB.socialWorker, M.endPlan, end({}))).toBe('FORBIDDEN');
    expect(await errorCode(t, w.teamA.manager, M.endPlan, end({}))).toBe('FORBIDDEN');
    expect(await errorCode(t, w.teamB.manager, M.endPlan, end({ endDate: '2026-03-20' }))).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.teamB.manager, M.endPlan, end({ endDate: '2999-01-01' }))).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.teamB.manager, M.endPlan, end({ reason: 'REVIEW_CONFERENCE' }))).toBe('BAD_USER_INPUT');
    const ended = (await ok(t, w.teamB.manager, M.endPlan, end({ note: 'moved to Kent', expectedVersion: 1 })))
      .endChildProtectionPlan;
    expect(ended).toMatchObject({
      status: 'ENDED',
      endDate: '2026-05-01',
      endReasonCode: 'TRANSFERRED_OUT',
      nextReviewDueBy: null,
    });
    expect(ended.endReason).toContain('moved to Kent');
    expect(await errorCode(t, w.teamB.manager, M.endPlan, end({}))).toBe('INVALID_TRANSITION');
    // Its review, with no child left on a plan, is cancelled by itself.
    const reviews = await ok(
      t,
      w.chair,
      'query($c: ID!) { conferences(filter: { childId: $c, type: REVIEW }) { edges { node { status history { action reason } } } } }',
      { c: child },
    );
    expect(reviews.conferences.edges[0].node.status).toBe('CANCELLED');
    expect((await ok(t, w.chair, M.child, { id: child })).child.activePlan).toBeNull();
  });

  it('refuses to end a plan at 18 before the 18th birthday', async () => {
    const child = await w.child(w.teamA, { dateOfBirth: '2008-04-10' });
    const held = await heldInitial(t, w.chair, [child], '2026-01-05', '2026-01-16', [
      { childId: child, decision: 'PLAN_STARTED', category: 'NEGLECT' },
    ]);
    const planId = held.outcomes[0].plan.id;
    const res = await gql(t, w.chair, M.endPlan, { i: { planId, endDate: '2026-04-09', reason: 'TURNED_18' } });
    expect(res.errors?.[0].extensions.fields).toEqual([
      { field: 'endDate', message: expect.stringContaining('2026-04-10') },
    ]);
    expect(
      (await ok(t, w.chair, M.endPlan, { i: { planId, endDate: '2026-04-10', reason: 'TURNED_18' } }))
        .endChildProtectionPlan.status,
    ).toBe('ENDED');
  });

  it('moves the first review of a pre-birth plan when the birth is recorded, with an audit event', async () => {
    const unborn = await w.child(w.teamA, { expectedDateOfBirth: '2026-11-20' });
    const sibling = await w.child(w.teamA, { dateOfBirth: '2022-02-02' });
    // ICPC held Tue 2026-09-01: first review 3 months on, 2026-12-01, for both siblings.
    const held = await heldInitial(t, w.chair, [unborn, sibling], '2026-08-20', '2026-09-01', [
      { childId: unborn, decision: 'PLAN_STARTED', category: 'NEGLECT' },
      { childId: sibling, decision: 'PLAN_STARTED', category: 'NEGLECT' },
    ]);
    const planId = held.outcomes.find((o: { child: { id: string } }) => o.child.id === unborn).plan.id;
    expect((await ok(t, w.chair, M.plan, { id: planId })).childProtectionPlan.nextReviewDueBy).toBe('2026-12-01');
    // Born Mon 2026-11-02: 10 working days later is Mon 2026-11-16, sooner than 2026-12-01.
    await ok(
      t,
      w.teamA.socialWorker,
      'mutation($id: ID!) { recordBirth(childId: $id, dateOfBirth: "2026-11-02") { id } }',
      { id: unborn },
    );
    expect((await ok(t, w.chair, M.plan, { id: planId })).childProtectionPlan.nextReviewDueBy).toBe('2026-11-16');
    const review = await ok(
      t,
      w.chair,
      'query($c: ID!) { conferences(filter: { childId: $c, type: REVIEW }) { edges { node { dueBy children { id } history { action reason details } } } } }',
      { c: sibling },
    );
    const node = review.conferences.edges[0].node;
    expect(node.dueBy).toBe('2026-11-16');
    expect(node.children).toHaveLength(2);
    expect(node.history.map((h: { action: string }) => h.action)).toEqual([
      'CONFERENCE_CREATED',
      'CONFERENCE_DUE_DATE_RECOMPUTED',
    ]);
    expect(node.history[1].details).toMatchObject({ from: '2026-12-01', to: '2026-11-16', dateOfBirth: '2026-11-02' });
  });
});
