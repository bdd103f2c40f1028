import { ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// Runs on Thursday 2026-11-26 (fixed); every date below is in January 2026 or just before, so the
// expected working-day counts are the same on any run. Bank holidays in play: Christmas Day (Thursday
// 25 December 2025), Boxing Day (Friday 26 December 2025) and New Year's Day (Thursday 1 January 2026).
const TODAY = '2026-11-26';

const DISCUSS =
  'mutation($i: RecordStrategyDiscussionInput!) { recordStrategyDiscussion(input: $i) { enquiries { id } } }';
const REQUEST = 'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id dueBy } }';
const SCHEDULE = 'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }';
const HOLD = 'mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { id } }';
const ICPC =
  'initialConferencesWithin15WorkingDays { numerator denominator percentage } initialConferenceDurations { bands median }';
const PERF = `query($from: Date!, $to: Date!) { performance(from: $from, to: $to) { ${ICPC} } }`;
const BY_TEAM = `query($from: Date!, $to: Date!) { performanceByTeam(from: $from, to: $to) { team { id } performance { ${ICPC} } } }`;
const BY_CHAIR = `query($from: Date!, $to: Date!) { performanceByChair(from: $from, to: $to) { chair { id } ${ICPC} } }`;

describe('ICPC timeliness per child, as the DfE counts it (issue 14)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: TODAY });
    w = await buildWorld(t, 's47m');
    const enquiries = async (childIds: string[], heldOn: string): Promise<string[]> =>
      (
        await ok(t, w.teamA.socialWorker, DISCUSS, { i: { childIds, heldOn, section47Initiated: true } })
      ).recordStrategyDiscussion.enquiries.map((e: { id: string }) => e.id);
    const icpc = async (ids: string[], childIds: string[], heldOn: string, delayReason?: string) => {
      const { id } = (await ok(t, w.chair, REQUEST, { i: { section47EnquiryIds: ids } })).requestInitialConference;
      await ok(t, w.chair, SCHEDULE, { i: { conferenceId: id, scheduledFor: `${heldOn}T10:00:00Z` } });
      await ok(t, w.chair, HOLD, {
        i: {
          conferenceId: id,
          heldOn,
          outcomes: childIds.map((childId) => ({ childId, decision: 'NO_PLAN' })),
          ...(delayReason ? { delayReason } : {}),
        },
      });
    };
    // Three siblings: s47 started Monday 15 December 2025, ICPC Tuesday 13 January 2026. Working days after
    // the 15th: 16-19 Dec (4), 22-24 Dec (7), 25 and 26 Dec bank holidays, 29-31 Dec (10), 1 Jan bank holiday,
    // 2 Jan (11), 5-9 Jan (16), 12 Jan (17), 13 Jan (18): 18 working days each, late, band 16-20.
    const siblings = [await w.child(w.teamA), await w.child(w.teamA), await w.child(w.teamA)];
    await icpc(await enquiries(siblings, '2025-12-15'), siblings, '2026-01-13', 'the Christmas closure');
    // One child: s47 started Monday 5 January 2026, ICPC Friday 16 January: 6-9 Jan (4), 12-16 Jan (9): 9
    // working days, in time, band 0-10. With them, a second child whose s47 started Tuesday 20 January,
    // after the ICPC of Friday 16 January: that child is excluded (the DfE leaves out ICPCs before the s47 start).
    const [single, later] = [await w.child(w.teamA), await w.child(w.teamA)];
    const first = await enquiries([single], '2026-01-05');
    const second = await enquiries([later], '2026-01-20');
    await icpc([...first, ...second], [single, later], '2026-01-16');
  }, 60_000);
  afterAll(() => t.close());

  it('counts each child: three late siblings and one child in time is 1 of 4, not 1 of 2 conferences', async () => {
    const period = { from: '2026-01-01', to: '2026-01-31' };
    const expected = {
      initialConferencesWithin15WorkingDays: { numerator: 1, denominator: 4, percentage: 25 },
      initialConferenceDurations: { bands: [1, 0, 3, 0], median: 18 },
    };
    // bands 0-10: the single child (9); 16-20: the three siblings (18 each); median of 9, 18, 18, 18 = 18
    expect((await ok(t, w.auditor, PERF, period)).performance).toEqual(expected);
    const byTeam = (await ok(t, w.auditor, BY_TEAM, period)).performanceByTeam;
    expect(byTeam.find((x: any) => x.team.id === w.teamA.id).performance).toEqual(expected);
    expect(byTeam.find((x: any) => x.team.id === w.teamB.id).performance.initialConferenceDurations).toEqual({
      bands: [0, 0, 0, 0],
      median: null,
    });
    const byChair = (await ok(t, w.auditor, BY_CHAIR, period)).performanceByChair;
    expect(byChair.find((c: any) => c.chair.id === w.chair.id)).toMatchObject(expected);
  });

  it('counts the ICPC in the period it was held: December alone has none', async () => {
    const res = await ok(t, w.auditor, PERF, { from: '2025-12-01', to: '2025-12-31' });
    expect(res.performance.initialConferencesWithin15WorkingDays).toEqual({
      numerator: 0,
      denominator: 0,
      percentage: null,
    });
    expect(res.performance.initialConferenceDurations).toEqual({ bands: [0, 0, 0, 0], median: null });
  });
});
