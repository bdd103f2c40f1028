import { buildWorld, World } from '../helpers/world';
import { errorCode, gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { M } from './conferences.fixtures';

// Golden dates, England and Wales bank holidays (our convention: the start day never counts).
// Strategy discussion Wed 2025-12-10: Dec 11-12 (2), 15-19 (7), 22-24 (10); 25 and 26 Dec are
// bank holidays; 29-31 (13); 1 Jan is a bank holiday; Fri 2 Jan (14), Mon 5 Jan (15) => 2026-01-05.
// Held Wed 2026-01-07: first core group 10 working days later, Jan 8-9 (2), 12-16 (7), 19-21 (10)
// => 2026-01-21; first review 3 calendar months later => 2026-04-07.

describe('conferences, plans and core groups: a sibling group from ICPC to review', () => {
  let t: TestApp;
  let w: World;
  let older: string;
  let younger: string;
  let icpcId: string;
  let reviewId: string;
  let olderPlan: string;
  let youngerPlan: string;

  beforeAll(async () => {
    // A worked example dated December 2025 to October 2026 (drift depends on the day): it stands on
    // Thursday 26 November 2026 whatever the date (issue 10).
    t = await startTestApp({ CLOCK_TODAY: '2026-11-26' });
    w = await buildWorld(t, 'conf');
    older = await w.child(w.teamA, { dateOfBirth: '2014-03-01', name: 'Older' });
    younger = await w.child(w.teamA, { dateOfBirth: '2019-07-01', name: 'Younger' });
  });
  afterAll(() => t.close());

  it('requests an ICPC due 15 working days after the strategy discussion, across Christmas', async () => {
    const res = await ok(t, w.chair, M.requestInitial, {
      i: { childIds: [older, younger], strategyDiscussionDate: '2025-12-10' },
    });
    const c = res.requestInitialConference;
    icpcId = c.id;
    expect(c).toMatchObject({
      type: 'INITIAL',
      status: 'REQUESTED',
      dueBy: '2026-01-05',
      strategyDiscussionDate: '2025-12-10',
      heldOn: null,
      withinTimescale: null,
      chair: null,
    });
    expect(c.children.map((x: { id: string }) => x.id).sort()).toEqual([older, younger].sort());
    // Not held: counted to today; at least the 15 working days to the due date have passed.
    expect(c.workingDaysElapsed).toBeGreaterThan(15);
    expect(c.history.map((h: { action: string }) => h.action)).toEqual(['CONFERENCE_CREATED']);
    const golden = await ok(t, w.chair, '{ a: addWorkingDays(date: "2026-12-10", days: 15) }');
    expect(golden.a).toBe('2027-01-05');
  });

  it('schedules (chair defaults to the caller) and reschedules with a reason as its own history entry', async () => {
    const s = (await ok(t, w.chair, M.schedule, { i: { conferenceId: icpcId, scheduledFor: '2026-01-05T10:00:00Z' } }))
      .scheduleConference;
    expect(s).toMatchObject({
      status: 'SCHEDULED',
      scheduledFor: '2026-01-05T10:00:00.000Z',
      chair: { id: w.chair.id },
      version: 2,
    });
    expect(
      await errorCode(t, w.chair, M.schedule, { i: { conferenceId: icpcId, scheduledFor: '2026-01-07T10:00:00Z' } }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await errorCode(t, w.chair, M.schedule, {
        i: {
          conferenceId: icpcId,
          scheduledFor: '2026-01-07T10:00:00Z',
          reason: 'x',
          chairId: w.teamA.socialWorker.id,
        },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await errorCode(t, w.chair, M.schedule, {
        i: { conferenceId: icpcId, scheduledFor: '2026-01-07T10:00:00Z', reason: 'x', expectedVersion: 1 },
      }),
    ).toBe('CONFLICT');
    const r = (
      await ok(t, w.chair, M.schedule, {
        i: {
          conferenceId: icpcId,
          scheduledFor: '2026-01-07T10:00:00Z',
          reason: 'police report not ready',
          chairId: w.chair2.id,
          expectedVersion: 2,
        },
      })
    ).scheduleConference;
    expect(r).toMatchObject({
      status: 'SCHEDULED',
      scheduledFor: '2026-01-07T10:00:00.000Z',
      chair: { id: w.chair2.id },
      version: 3,
    });
    expect(r.history.slice(1)).toEqual([
      { action: 'CONFERENCE_SCHEDULED', fromStatus: 'REQUESTED', toStatus: 'SCHEDULED', reason: null },
      {
        action: 'CONFERENCE_RESCHEDULED',
        fromStatus: 'SCHEDULED',
        toStatus: 'SCHEDULED',
        reason: 'police report not ready',
      },
    ]);
  });

  it('holds the ICPC late (delay reason required), starting both plans with the outline plan as actions', async () => {
    const outcomes = [
      {
        childId: older,
        decision: 'PLAN_STARTED',
        category: 'NEGLECT',
        actions: [{ description: 'Parenting assessment', ownerId: w.teamA.socialWorker.id, dueBy: '2026-02-01' }],
      },
      {
        childId: younger,
        decision: 'PLAN_STARTED',
        category: 'EMOTIONAL_ABUSE',
        actions: [{ description: 'Nursery place', ownerId: w.teamA.socialWorker.id, dueBy: '2026-12-31' }],
      },
    ];
    const participation = [
      { childId: older, attended: true, viewsShared: 'IN_PERSON' },
      { childId: younger, attended: false, viewsShared: 'VIA_SOCIAL_WORKER' },
    ];
    const late = await gql(t, w.chair2, M.hold, {
      i: { conferenceId: icpcId, heldOn: '2026-01-07', outcomes, participation },
    });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'delayReason' }] });
    const c = (
      await ok(t, w.chair2, M.hold, {
        i: {
          conferenceId: icpcId,
          heldOn: '2026-01-07',
          outcomes,
          participation,
          delayReason: 'police disclosure delayed',
          expectedVersion: 3,
        },
      })
    ).recordConferenceHeld;
    // (2025-12-10, 2026-01-07]: 15 working days to 5 Jan, then 6 and 7 Jan.
    expect(c).toMatchObject({
      status: 'HELD',
      heldOn: '2026-01-07',
      withinTimescale: false,
      workingDaysElapsed: 17,
      delayReason: 'police disclosure delayed',
      version: 4,
    });
    expect(c.participation).toEqual(
      expect.arrayContaining([
        { attended: true, viewsShared: 'IN_PERSON', advocateOffered: false, child: { id: older } },
      ]),
    );
    const byChild = Object.fromEntries(c.outcomes.map((o: { child: { id: string } }) => [o.child.id, o]));
    expect(byChild[older]).toMatchObject({
      decision: 'PLAN_STARTED',
      category: 'NEGLECT',
      plan: { status: 'ACTIVE', startDate: '2026-01-07', nextReviewDueBy: '2026-04-07' },
    });
    olderPlan = byChild[older].plan.id;
    youngerPlan = byChild[younger].plan.id;
    const p = (await ok(t, w.teamA.socialWorker, M.plan, { id: olderPlan })).childProtectionPlan;
    expect(p.coreGroup).toMatchObject({
      firstMeetingDueBy: '2026-01-21',
      nextMeetingDueBy: '2026-01-21',
      overdue: true,
      meetings: [],
    });
    expect(p.actions).toEqual([
      expect.objectContaining({ description: 'Parenting assessment', source: 'CONFERENCE', overdue: true }),
    ]);
    // Overdue is drift at once.
    expect(p.driftingActions.map((a: { description: string }) => a.description)).toEqual(['Parenting assessment']);
    expect(p.history.map((h: { action: string }) => h.action)).toEqual(['CHILD_PROTECTION_PLAN_CREATED']);
  });

  it('requests the first review by itself: one conference for the siblings, 3 months after the ICPC', async () => {
    const res = await ok(
      t,
      w.auditor,
      'query($c: ID!) { conferences(filter: { childId: $c, type: REVIEW }) { totalCount edges { node { id status dueBy clockStart children { id } } } } }',
      { c: older },
    );
    expect(res.conferences.totalCount).toBe(1);
    const review = res.conferences.edges[0].node;
    reviewId = review.id;
    expect(review).toMatchObject({ status: 'REQUESTED', dueBy: '2026-04-07', clockStart: '2026-01-07' });
    expect(review.children.map((x: { id: string }) => x.id).sort()).toEqual([older, younger].sort());
    const child = (await ok(t, w.teamA.manager, M.child, { id: younger })).child;
    expect(child.activePlan.id).toBe(youngerPlan);
    expect(child.conferences.map((x: { type: string }) => x.type).sort()).toEqual(['INITIAL', 'REVIEW']);
  });

  it('runs core group meetings: progress on every open action, drift after DRIFTING at two meetings in a row', async () => {
    const plan = (await ok(t, w.teamA.socialWorker, M.plan, { id: youngerPlan })).childProtectionPlan;
    const nursery = plan.actions[0].id;
    const m1 = (
      await ok(t, w.teamA.socialWorker, M.scheduleMeeting, {
        i: { planId: youngerPlan, scheduledFor: '2026-01-20T14:00:00Z' },
      })
    ).scheduleCoreGroupMeeting;
    expect(m1).toMatchObject({ status: 'SCHEDULED', dueBy: '2026-01-21' });
    expect(
      await errorCode(t, w.teamA.socialWorker, M.scheduleMeeting, {
        i: { planId: youngerPlan, scheduledFor: '2026-01-21T14:00:00Z' },
      }),
    ).toBe('BAD_USER_INPUT');
    const missing = await gql(t, w.teamA.socialWorker, M.recordMeeting, {
      i: { meetingId: m1.id, heldOn: '2026-01-20' },
    });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'progress' }] });
    const held1 = (
      await ok(t, w.teamA.socialWorker, M.recordMeeting, {
        i: { meetingId: m1.id, heldOn: '2026-01-20', progress: [{ actionId: nursery, progress: 'DRIFTING' }] },
      })
    ).recordCoreGroupMeeting;
    expect(held1).toMatchObject({
      status: 'HELD',
      heldOn: '2026-01-20',
      withinTimescale: true,
      progress: [{ progress: 'DRIFTING', action: { id: nursery } }],
    });
    let p = (await ok(t, w.chair, M.plan, { id: youngerPlan })).childProtectionPlan;
    expect(p.driftingActions).toEqual([]);
    // Later meetings: the authority's interval (4 weeks) after the last one held.
    expect(p.coreGroup.nextMeetingDueBy).toBe('2026-02-17');
    const m2 = (
      await ok(t, w.teamA.manager, M.scheduleMeeting, {
        i: { planId: youngerPlan, scheduledFor: '2026-02-16T14:00:00Z' },
      })
    ).scheduleCoreGroupMeeting;
    expect(m2.dueBy).toBe('2026-02-17');
    await ok(t, w.teamA.manager, M.recordMeeting, {
      i: {
        meetingId: m2.id,
        heldOn: '2026-02-16',
        progress: [{ actionId: nursery, progress: 'DRIFTING' }],
        actions: [{ description: 'Health visitor check', ownerId: w.teamA.socialWorker.id, dueBy: '2026-12-30' }],
      },
    });
    p = (await ok(t, w.chair, M.plan, { id: youngerPlan })).childProtectionPlan;
    expect(p.driftingActions.map((a: { id: string }) => a.id)).toEqual([nursery]);
    expect(p.actions.map((a: { source: string }) => a.source)).toEqual(['CONFERENCE', 'CORE_GROUP']);
    // The chair of the conference that started the plan is told, once per plan and action.
    const alerts = await t.dataSource.query(
      'SELECT recipient_id, kind, dedupe_key FROM inbox_alert WHERE action_id = $1',
      [nursery],
    );
    expect(alerts).toEqual([
      { recipient_id: w.chair2.id, kind: 'DRIFT', dedupe_key: `plan-drift:${youngerPlan}:${nursery}` },
    ]);
  });

  it('holds the review: one plan continues (next review 6 months on), the other ends', async () => {
    const bad = await gql(t, w.chair, M.hold, {
      i: {
        conferenceId: reviewId,
        heldOn: '2026-04-01',
        outcomes: [
          { childId: older, decision: 'PLAN_STARTED', category: 'NEGLECT' },
          { childId: younger, decision: 'PLAN_CONTINUED' },
        ],
      },
    });
    expect(bad.errors?.[0].extensions.code).toBe('INVALID_TRANSITION');
    await ok(t, w.chair, M.schedule, { i: { conferenceId: reviewId, scheduledFor: '2026-04-01T09:30:00Z' } });
    const wrong = await gql(t, w.chair, M.hold, {
      i: {
        conferenceId: reviewId,
        heldOn: '2026-04-01',
        outcomes: [
          { childId: older, decision: 'PLAN_STARTED', category: 'NEGLECT' },
          { childId: younger, decision: 'PLAN_ENDED' },
        ],
      },
    });
    expect(wrong.errors?.[0].extensions.fields).toEqual([
      { field: 'outcomes.0.decision', message: expect.stringContaining('PLAN_CONTINUED or PLAN_ENDED') },
      { field: 'outcomes.1.endReason', message: expect.any(String) },
    ]);
    const c = (
      await ok(t, w.chair, M.hold, {
        i: {
          conferenceId: reviewId,
          heldOn: '2026-04-01',
          outcomes: [
            { childId: older, decision: 'PLAN_ENDED', endReason: 'risk reduced' },
            { childId: younger, decision: 'PLAN_CONTINUED', category: 'MULTIPLE' },
          ],
        },
      })
    ).recordConferenceHeld;
    expect(c).toMatchObject({ status: 'HELD', withinTimescale: true });
    const ended = (await ok(t, w.chair, M.plan, { id: olderPlan })).childProtectionPlan;
    expect(ended).toMatchObject({
      status: 'ENDED',
      endDate: '2026-04-01',
      endReason: 'risk reduced',
      endReasonCode: 'REVIEW_CONFERENCE',
      nextReviewDueBy: null,
      driftingActions: [],
    });
    expect(ended.coreGroup.nextMeetingDueBy).toBeNull();
    const kept = (await ok(t, w.chair, M.plan, { id: youngerPlan })).childProtectionPlan;
    expect(kept).toMatchObject({
      status: 'ACTIVE',
      category: 'MULTIPLE',
      initialCategory: 'EMOTIONAL_ABUSE',
      nextReviewDueBy: '2026-10-01',
    });
    expect(kept.history.map((h: { action: string }) => h.action)).toEqual([
      'CHILD_PROTECTION_PLAN_CREATED',
      'CHILD_PROTECTION_PLAN_CONTINUED',
    ]);
    const next = await ok(
      t,
      w.chair,
      'query($c: ID!) { conferences(filter: { childId: $c, type: REVIEW, status: [REQUESTED] }) { edges { node { dueBy clockStart children { id } } } } }',
      { c: younger },
    );
    expect(next.conferences.edges).toEqual([
      { node: { dueBy: '2026-10-01', clockStart: '2026-04-01', children: [{ id: younger }] } },
    ]);
  });
});
