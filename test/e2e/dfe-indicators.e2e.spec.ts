import { ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// Runs on Thursday 2026-11-26 (fixed); the period is 1 January to 30 June 2026.
const TODAY = '2026-11-26';
const RATIO = '{ numerator denominator percentage }';
const PERF = `query($from: Date!, $to: Date!) { performance(from: $from, to: $to) { plansSecondOrSubsequent ${RATIO} plansLastingTwoYearsOrMore ${RATIO} plansReviewedWithinTimescale ${RATIO} } }`;

describe("the DfE's other child protection indicators (issue 14)", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: TODAY });
    w = await buildWorld(t, 'dfe');
    const icpc = async (strategy: string, heldOn: string) => {
      const c = await w.child(w.teamA);
      const req = (
        await ok(
          t,
          w.chair,
          'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }',
          { i: { childIds: [c], strategyDiscussionDate: strategy } },
        )
      ).requestInitialConference;
      await ok(t, w.chair, 'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }', {
        i: { conferenceId: req.id, scheduledFor: `${heldOn}T10:00:00Z` },
      });
      const held = await ok(
        t,
        w.chair,
        'mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { outcomes { plan { id } } } }',
        {
          i: {
            conferenceId: req.id,
            heldOn,
            outcomes: [{ childId: c, decision: 'PLAN_STARTED', category: 'NEGLECT' }],
          },
        },
      );
      return { child: c, plan: held.recordConferenceHeld.outcomes[0].plan.id as string };
    };
    // Plans a legacy system left behind, inserted with SQL beside the API's own.
    const legacy = (planId: string, start: string, end: string | null) =>
      t.dataSource.query(
        `INSERT INTO child_protection_plan (authority_id, child_id, status, initial_category, category, start_date, end_date, started_by_conference_id, last_conference_id)
       SELECT authority_id, child_id, $4, 'NEGLECT', 'NEGLECT', $2, $3, started_by_conference_id, started_by_conference_id FROM child_protection_plan WHERE id = $1`,
        [planId, start, end, end ? 'ENDED' : 'ACTIVE'],
      );
    // R: a plan from Monday 15 September 2025 ended Monday 1 December 2025; a second one starts Monday 2 February 2026
    // (in the period, second time) and has no review awaited (reviewed within timescale).
    const r = await icpc('2025-09-01', '2025-09-15');
    await t.dataSource.query(
      "UPDATE child_protection_plan SET status = 'ENDED', end_date = '2025-12-01' WHERE id = $1",
      [r.plan],
    );
    await t.dataSource.query(
      "UPDATE conference SET status = 'CANCELLED', cancelled_on = '2025-12-01' WHERE type = 'REVIEW' AND status = 'REQUESTED' AND id IN (SELECT conference_id FROM conference_child WHERE child_id = $1)",
      [r.child],
    );
    await legacy(r.plan, '2026-02-02', null);
    // N: a first plan from Monday 16 February 2026 (in the period, first time); its first review was due three
    // months on, 16 May 2026, and is still awaited on 30 June (not reviewed within timescale).
    await icpc('2026-02-02', '2026-02-16');
    // L: a plan from Wednesday 10 January 2024 to Monday 2 March 2026 (over two years); S: 6 January 2025 to 2 March 2026 (under).
    const l = await icpc('2023-12-27', '2024-01-10');
    await t.dataSource.query(
      "UPDATE child_protection_plan SET status = 'ENDED', end_date = '2026-03-02' WHERE id = $1",
      [l.plan],
    );
    const s = await icpc('2024-12-16', '2025-01-06');
    await t.dataSource.query(
      "UPDATE child_protection_plan SET status = 'ENDED', end_date = '2026-03-02' WHERE id = $1",
      [s.plan],
    );
    await t.dataSource.query(
      "UPDATE conference SET status = 'CANCELLED', cancelled_on = '2026-03-02' WHERE type = 'REVIEW' AND status = 'REQUESTED' AND id IN (SELECT conference_id FROM conference_child WHERE child_id = ANY($1))",
      [[l.child, s.child]],
    );
  }, 60_000);
  afterAll(() => t.close());

  it('second or subsequent plans, plans lasting two years or more, plans reviewed within timescale', async () => {
    const { performance } = await ok(t, w.auditor, PERF, { from: '2026-01-01', to: '2026-06-30' });
    expect(performance).toEqual({
      // started in the period: R's second plan (repeat) and N's first
      plansSecondOrSubsequent: { numerator: 1, denominator: 2, percentage: 50 },
      // ended in the period: L's (2 years 7 weeks) and S's (1 year 8 weeks)
      plansLastingTwoYearsOrMore: { numerator: 1, denominator: 2, percentage: 50 },
      // open on 30 June after 3 months or more: R's second (no review overdue) and N's (review due 16 May still awaited)
      plansReviewedWithinTimescale: { numerator: 1, denominator: 2, percentage: 50 },
    });
  });
});
