import { testToday } from '../helpers/test-clock';
import {
  addCalendarDays,
  addCalendarMonths,
  dayOfWeek,
  englandAndWales as cal,
} from '../../src/calendar/working-calendar';
import { errorCode, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// The last complete census year (1 April to 31 March), so that every date in it is in the past.
const today = testToday();
const year = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 4 ? 0 : -1);
const periodStart = `${year - 1}-04-01`;
const working = (d: string) => (cal.isWorkingDay(d) ? d : cal.addWorkingDays(d, -1));

const CENSUS = `query($y: Int!) { childrenInNeedCensus(year: $y) { year periodStart periodEnd
  section47 { caseReference conferenceId s47ActualStartDate initialCpcTarget dateOfInitialCpc child { id } }
  plans { caseReference planId cppStartDate cppEndDate initialCategoryOfAbuse latestCategoryOfAbuse numberOfPreviousCpp cppReviewDates child { id } }
  validationErrors { caseReference rule itemCodes recordId message child { id } } } }`;

describe('childrenInNeedCensus: the child protection items and their rules', () => {
  let t: TestApp;
  let w: World;
  const refs: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const child = async (key: string) => {
    ids[key] = await w.child(w.teamA, { dateOfBirth: '2015-01-01', name: key });
    refs[key] = (
      await ok(t, w.admin, 'query($id: ID!) { child(id: $id) { caseReference } }', { id: ids[key] })
    ).child.caseReference;
    return ids[key];
  };
  const hold = async (conferenceId: string, heldOn: string, outcomes: object[]) => {
    await ok(t, w.chair, 'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }', {
      i: { conferenceId, scheduledFor: `${heldOn}T10:00:00Z` },
    });
    return (
      await ok(
        t,
        w.chair,
        'mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { id dueBy outcomes { plan { id } } } }',
        { i: { conferenceId, heldOn, outcomes } },
      )
    ).recordConferenceHeld;
  };
  const icpc = async (key: string, strategy: string, heldOn: string, decision = 'PLAN_STARTED') => {
    const id = await child(key);
    const req = (
      await ok(
        t,
        w.chair,
        'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id dueBy } }',
        { i: { childIds: [id], strategyDiscussionDate: strategy } },
      )
    ).requestInitialConference;
    const held = await hold(req.id, heldOn, [
      { childId: id, decision, category: decision === 'PLAN_STARTED' ? 'NEGLECT' : undefined },
    ]);
    return {
      conferenceId: req.id as string,
      dueBy: req.dueBy as string,
      planId: held.outcomes[0].plan?.id as string | undefined,
    };
  };
  const review = async (key: string, heldOn: string, outcome: Record<string, unknown>) => {
    const c = (
      await ok(t, w.chair, 'query($id: ID!) { child(id: $id) { conferences { id type status } } }', { id: ids[key] })
    ).child.conferences.find((x: { type: string; status: string }) => x.type === 'REVIEW' && x.status === 'REQUESTED');
    await hold(c.id, heldOn, [{ childId: ids[key], ...outcome }]);
    return c.id as string;
  };

  const s47 = cal.addWorkingDays(periodStart, 5);
  const icpcOn = cal.addWorkingDays(s47, 10);
  const r1 = working(addCalendarMonths(icpcOn, 3));
  const r2 = working(addCalendarMonths(r1, 5));
  let good: { conferenceId: string; dueBy: string; planId?: string };
  let sixth: { planId?: string };

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'cin');
    // A valid case through the API: ICPC, a review that changes the category, a review that ends the plan.
    good = await icpc('good', s47, icpcOn);
    await review('good', r1, { decision: 'PLAN_CONTINUED', category: 'MULTIPLE' });
    await review('good', r2, { decision: 'PLAN_ENDED', endReason: 'risk reduced' });

    // Invalid cases: the service refuses to create them, so these rows are changed with SQL behind
    // its back (as a migration from a legacy system might leave them) to prove the export reports them.
    const sql = (q: string, p: unknown[]) => t.dataSource.query(q, p);
    let saturday = icpcOn;
    while (dayOfWeek(saturday) !== 6) saturday = addCalendarDays(saturday, 1);
    const weekend = await icpc('weekend', s47, icpcOn);
    await sql('UPDATE conference SET held_on = $2 WHERE id = $1', [weekend.conferenceId, saturday]);
    await sql('UPDATE child_protection_plan SET start_date = $2 WHERE id = $1', [weekend.planId, saturday]);
    const early = await icpc('early', s47, s47, 'NO_PLAN');
    await sql('UPDATE conference SET held_on = $2 WHERE id = $1', [early.conferenceId, cal.addWorkingDays(s47, -1)]);
    const sameDay = await icpc('sameDay', s47, icpcOn);
    await sql("UPDATE child_protection_plan SET status = 'ENDED', end_date = start_date WHERE id = $1", [
      sameDay.planId,
    ]);
    await icpc('badReview', s47, icpcOn);
    const reviewId = await review('badReview', r1, { decision: 'PLAN_CONTINUED' });
    await sql('UPDATE conference SET held_on = $2 WHERE id = $1', [reviewId, icpcOn]);
    sixth = await icpc('overlap', s47, icpcOn);
    await sql(
      `INSERT INTO child_protection_plan (authority_id, child_id, status, initial_category, category, start_date, end_date, started_by_conference_id, last_conference_id)
       SELECT authority_id, child_id, 'ENDED', 'PHYSICAL_ABUSE', 'PHYSICAL_ABUSE', start_date, start_date + 30, started_by_conference_id, started_by_conference_id
       FROM child_protection_plan WHERE id = $1`,
      [sixth.planId],
    );
  }, 60_000);
  afterAll(() => t.close());

  it('exports the items of a valid case with census codes', async () => {
    const { childrenInNeedCensus: c } = await ok(t, w.auditor, CENSUS, { y: year });
    expect(c).toMatchObject({ year, periodStart, periodEnd: `${year}-03-31` });
    expect(c.section47.filter((r: { caseReference: string }) => r.caseReference === refs.good)).toEqual([
      {
        caseReference: refs.good,
        conferenceId: good.conferenceId,
        s47ActualStartDate: s47,
        initialCpcTarget: cal.addWorkingDays(s47, 15),
        dateOfInitialCpc: icpcOn,
        child: { id: ids.good },
      },
    ]);
    expect(c.plans.filter((r: { caseReference: string }) => r.caseReference === refs.good)).toEqual([
      {
        caseReference: refs.good,
        planId: good.planId,
        cppStartDate: icpcOn,
        cppEndDate: r2,
        initialCategoryOfAbuse: 'NEG',
        latestCategoryOfAbuse: 'MUL',
        numberOfPreviousCpp: 0,
        cppReviewDates: [r1, r2],
        child: { id: ids.good },
      },
    ]);
    const overlap = c.plans.filter((r: { caseReference: string }) => r.caseReference === refs.overlap);
    expect(overlap.map((p: { initialCategoryOfAbuse: string }) => p.initialCategoryOfAbuse).sort()).toEqual([
      'NEG',
      'PHY',
    ]);
  });

  it('reports every broken rule with the child, the rule and the item codes, and fixes nothing', async () => {
    const { childrenInNeedCensus: c } = await ok(t, w.auditor, CENSUS, { y: year });
    const found = c.validationErrors.map((e: { caseReference: string; rule: string; itemCodes: string[] }) => [
      e.caseReference,
      e.rule,
      e.itemCodes,
    ]);
    expect(found.sort()).toEqual(
      [
        [refs.weekend, 'ICPC_AT_WEEKEND', ['N00110']],
        [refs.early, 'ICPC_BEFORE_S47_START', ['N00110', 'N00148']],
        [refs.sameDay, 'PLAN_STARTS_AND_ENDS_SAME_DAY', ['N00105', 'N00115']],
        [refs.badReview, 'REVIEW_NOT_AFTER_PLAN_START', ['N00116', 'N00105']],
        [refs.overlap, 'OVERLAPPING_PLANS', ['N00105', 'N00115']],
      ].sort(),
    );
    expect(c.validationErrors.find((e: { rule: string }) => e.rule === 'ICPC_AT_WEEKEND').message).toMatch(/Saturday/);
    expect(
      c.validationErrors.every(
        (e: { child: { id: string }; caseReference: string }) =>
          ids[Object.keys(refs).find((k) => refs[k] === e.caseReference)!] === e.child.id,
      ),
    ).toBe(true);
    // The weekend ICPC is still exported as recorded.
    expect(
      c.section47.find((r: { caseReference: string }) => r.caseReference === refs.weekend).dateOfInitialCpc,
    ).not.toBe(icpcOn);
  });

  it('moving a plan start away from its ICPC is reported too', async () => {
    await t.dataSource.query('UPDATE child_protection_plan SET start_date = start_date + 1 WHERE id = $1', [
      sixth.planId,
    ]);
    const { childrenInNeedCensus: c } = await ok(t, w.auditor, CENSUS, { y: year });
    expect(c.validationErrors.filter((e: { rule: string }) => e.rule === 'PLAN_START_NOT_ICPC_DATE')).toEqual([
      expect.objectContaining({ caseReference: refs.overlap, recordId: sixth.planId, itemCodes: ['N00105', 'N00110'] }),
    ]);
  });

  it('is for auditors and admins only', async () => {
    expect(await errorCode(t, w.chair, CENSUS, { y: year })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.teamA.manager, CENSUS, { y: year })).toBe('FORBIDDEN');
    expect((await ok(t, w.admin, CENSUS, { y: year })).childrenInNeedCensus.year).toBe(year);
    expect(await errorCode(t, w.auditor, CENSUS, { y: 1900 })).toBe('BAD_USER_INPUT');
  });
});
