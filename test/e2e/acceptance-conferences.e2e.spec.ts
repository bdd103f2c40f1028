/**
 * Acceptance (black box): conferences, plans, reviews, core groups, pagination.
 * Expected dates are computed here by an independent calendar (the published England and Wales list).
 */
import { testToday } from '../helpers/test-clock';
import { gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

const BANK_HOLIDAYS = new Set([
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
  '2028-01-03',
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
  // 2029 and 2030 from the rules (Easter 1 April 2029 and 21 April 2030), for runs on those days.
  '2029-01-01',
  '2029-03-30',
  '2029-04-02',
  '2029-05-07',
  '2029-05-28',
  '2029-08-27',
  '2029-12-25',
  '2029-12-26',
  '2030-01-01',
  '2030-04-19',
  '2030-04-22',
  '2030-05-06',
  '2030-05-27',
  '2030-08-26',
  '2030-12-25',
  '2030-12-26',
]);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const parse = (s: string) => new Date(`${s}T00:00:00Z`);
const isWorking = (d: Date) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !BANK_HOLIDAYS.has(iso(d));
const addWD = (s: string, n: number) => {
  const d = parse(s);
  let c = 0;
  while (c < n) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorking(d)) c++;
  }
  return iso(d);
};
const wdBetween = (s: string, e: string) => {
  const d = parse(s);
  let c = 0;
  while (iso(d) < e) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorking(d)) c++;
  }
  return c;
};
const addDays = (s: string, n: number) => {
  const d = parse(s);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
};
const addMonths = (s: string, m: number) => {
  const [y, mo, da] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1 + m, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(da, last));
  return iso(t);
};
// The service's today (its clock stands on testToday(), issue 10), not the machine's.
const TODAY = testToday();

const CONF_FIELDS = `id type status dueBy scheduledFor heldOn withinTimescale workingDaysElapsed delayReason version strategyDiscussionDate transferNotifiedOn
  chair { id } children { id }
  outcomes { child { id } decision category plan { id status startDate category nextReviewDueBy } }
  participation { child { id } attended viewsShared advocateOffered }`;
const REQ_ICPC = `mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { ${CONF_FIELDS} } }`;
const REQ_TI = `mutation($i: RequestTransferInConferenceInput!) { requestTransferInConference(input: $i) { ${CONF_FIELDS} } }`;
const SCHEDULE = `mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { ${CONF_FIELDS} } }`;
const HELD = `mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { ${CONF_FIELDS} } }`;
const CANCEL = `mutation($id: ID!, $r: String!, $v: Int) { cancelConference(conferenceId: $id, reason: $r, expectedVersion: $v) { id status version } }`;
const CONF = `query($id: ID!) { conference(id: $id) { ${CONF_FIELDS} history { action fromStatus toStatus reason actor { id } } } }`;
const LIST = `query($f: ConferenceFilter, $first: Int, $after: String) { conferences(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id type status dueBy children { id } chair { id } } } } }`;
const CHILD_PLANS = `query($id: ID!) { child(id: $id) { id dateOfBirth activePlan { id status category startDate nextReviewDueBy endDate endReason
  coreGroup { id nextMeetingDueBy plan { id } meetings { id status dueBy heldOn withinTimescale } } }
  plans { id status startDate endDate endReason category } conferences { id type status dueBy } } }`;

describe('acceptance: conferences and plans', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'accconf');
  });
  afterAll(() => t.close());

  const codeOf = async (who: any, q: string, v: Record<string, unknown>) => {
    const r = await gql(t, who, q, v);
    expect(r.status).toBeLessThan(500);
    return r.errors?.[0]?.extensions?.code ?? 'OK';
  };
  const request = async (childIds: string[], sd: string) =>
    (await ok(t, w.chair, REQ_ICPC, { i: { childIds, strategyDiscussionDate: sd } })).requestInitialConference;
  const schedule = async (id: string, when = '2026-05-20T10:00:00Z', extra: Record<string, unknown> = {}) =>
    (await ok(t, w.chair, SCHEDULE, { i: { conferenceId: id, scheduledFor: when, ...extra } })).scheduleConference;
  const plansFor = (ids: string[], category = 'NEGLECT') =>
    ids.map((childId) => ({ childId, decision: 'PLAN_STARTED', category }));
  const reviewsOf = async (childId: string) =>
    (await ok(t, w.chair, LIST, { f: { type: 'REVIEW', childId }, first: 100 })).conferences.edges.map(
      (e: any) => e.node,
    );

  it('requestInitialConference: dueBy = strategy discussion + 15 working days (bank holidays skipped)', async () => {
    const a = await w.child(w.teamA);
    const b = await w.child(w.teamA);
    const c = await request([a, b], '2026-05-01');
    expect(c).toMatchObject({
      type: 'INITIAL',
      status: 'REQUESTED',
      dueBy: '2026-05-26',
      strategyDiscussionDate: '2026-05-01',
      heldOn: null,
      withinTimescale: null,
      version: 1,
      chair: null,
      outcomes: [],
    });
    expect(addWD('2026-05-01', 15)).toBe('2026-05-26');
    expect(c.children.map((x: any) => x.id).sort()).toEqual([a, b].sort());
    expect(c.workingDaysElapsed).toBe(wdBetween('2026-05-01', TODAY));
    const c2 = await request([await w.child(w.teamA)], '2025-12-19');
    expect(c2.dueBy).toBe(addWD('2025-12-19', 15));
    expect(c2.dueBy).toBe('2026-01-14');
  });

  it('requestInitialConference input rules', async () => {
    const a = await w.child(w.teamA);
    expect(await codeOf(w.chair, REQ_ICPC, { i: { childIds: [a], strategyDiscussionDate: addDays(TODAY, 1) } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(w.chair, REQ_ICPC, { i: { childIds: [], strategyDiscussionDate: '2026-11-02' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(w.chair, REQ_ICPC, { i: { childIds: [a], strategyDiscussionDate: '2026-02-30' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(w.chair, REQ_ICPC, { i: { childIds: [a], strategyDiscussionDate: '26-01-01' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await codeOf(w.teamA.socialWorker, REQ_ICPC, { i: { childIds: [a], strategyDiscussionDate: '2026-11-02' } }),
    ).toBe('FORBIDDEN');
  });

  it('schedule: default chair is the caller; reschedule needs a reason; stale version is CONFLICT', async () => {
    const a = await w.child(w.teamA);
    const c = await request([a], '2026-11-02');
    const s = await schedule(c.id, '2026-11-10T10:00:00Z');
    expect(s).toMatchObject({ status: 'SCHEDULED', chair: { id: w.chair.id }, version: 2 });
    expect(new Date(s.scheduledFor).toISOString()).toBe('2026-11-10T10:00:00.000Z');
    // reschedule without a reason
    expect(await codeOf(w.chair, SCHEDULE, { i: { conferenceId: c.id, scheduledFor: '2026-11-12T10:00:00Z' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await codeOf(w.chair, SCHEDULE, {
        i: { conferenceId: c.id, scheduledFor: '2026-11-12T10:00:00Z', reason: '   ' },
      }),
    ).toBe('BAD_USER_INPUT');
    // stale version
    expect(
      await codeOf(w.chair, SCHEDULE, {
        i: { conferenceId: c.id, scheduledFor: '2026-11-12T10:00:00Z', reason: 'room', expectedVersion: 1 },
      }),
    ).toBe('CONFLICT');
    const r = await schedule(c.id, '2026-11-12T10:00:00Z', {
      reason: '  room unavailable ',
      expectedVersion: 2,
      chairId: w.chair2.id,
    });
    expect(r).toMatchObject({ status: 'SCHEDULED', chair: { id: w.chair2.id }, version: 3 });
    const h = (await ok(t, w.auditor, CONF, { id: c.id })).conference.history;
    expect(h.length).toBeGreaterThanOrEqual(3);
    expect(h.some((e: any) => e.reason === 'room unavailable')).toBe(true);
    // a chairId that is not a chair
    const a2 = await w.child(w.teamA);
    const c2 = await request([a2], '2026-11-02');
    expect(
      await codeOf(w.chair, SCHEDULE, {
        i: { conferenceId: c2.id, scheduledFor: '2026-11-12T10:00:00Z', chairId: w.teamA.socialWorker.id },
      }),
    ).toBe('BAD_USER_INPUT');
  });

  it('recordConferenceHeld validation', async () => {
    const a = await w.child(w.teamA);
    const b = await w.child(w.teamA);
    const x = await w.child(w.teamA);
    const c = await request([a, b], '2026-10-01');
    await schedule(c.id, '2026-10-15T10:00:00Z');
    const base = { conferenceId: c.id, heldOn: '2026-10-15' };
    const cases: [string, Record<string, unknown>][] = [
      ['missing child', { ...base, outcomes: plansFor([a]) }],
      ['extra child', { ...base, outcomes: plansFor([a, b, x]) }],
      ['duplicate child', { ...base, outcomes: plansFor([a, a]) }],
      ['heldOn in future', { ...base, heldOn: addDays(TODAY, 1), outcomes: plansFor([a, b]) }],
      ['heldOn at weekend', { ...base, heldOn: '2026-10-17', outcomes: plansFor([a, b]) }],
      ['heldOn before strategy discussion', { ...base, heldOn: '2026-09-30', outcomes: plansFor([a, b]) }],
      ['late without delayReason', { ...base, heldOn: '2026-11-02', outcomes: plansFor([a, b]) }],
      ['late with blank delayReason', { ...base, heldOn: '2026-11-02', delayReason: '  ', outcomes: plansFor([a, b]) }],
      [
        'PLAN_STARTED without category',
        {
          ...base,
          outcomes: [
            { childId: a, decision: 'PLAN_STARTED' },
            { childId: b, decision: 'NO_PLAN' },
          ],
        },
      ],
      [
        'PLAN_CONTINUED at an initial conference',
        {
          ...base,
          outcomes: [
            { childId: a, decision: 'PLAN_CONTINUED', category: 'NEGLECT' },
            { childId: b, decision: 'NO_PLAN' },
          ],
        },
      ],
      ['invalid date', { ...base, heldOn: '2026-02-30', outcomes: plansFor([a, b]) }],
      [
        'participation for a child not in the conference',
        {
          ...base,
          outcomes: plansFor([a, b]),
          participation: [{ childId: x, attended: true, viewsShared: 'IN_PERSON' }],
        },
      ],
    ];
    const got = [];
    for (const [name, i] of cases) got.push(`${name}: ${await codeOf(w.chair, HELD, { i })}`);
    expect(got).toEqual(cases.map(([n]) => `${n}: BAD_USER_INPUT`));
    // nothing was written
    expect((await ok(t, w.chair, CONF, { id: c.id })).conference.status).toBe('SCHEDULED');
  });

  let heldConf: any;
  let kidA: string;
  let kidB: string;
  let kidC: string;
  it('held on time: plans start on heldOn, next review requested by itself (+3 months), first core group due +10 working days', async () => {
    kidA = await w.child(w.teamA, { dateOfBirth: '2012-01-01' });
    kidB = await w.child(w.teamA, { dateOfBirth: '2014-01-01' });
    kidC = await w.child(w.teamA, { dateOfBirth: '2019-01-01' });
    const c = await request([kidA, kidB, kidC], '2026-05-01');
    await schedule(c.id, '2026-05-20T10:00:00Z');
    heldConf = (
      await ok(t, w.chair, HELD, {
        i: {
          conferenceId: c.id,
          heldOn: '2026-05-20',
          outcomes: [
            { childId: kidA, decision: 'PLAN_STARTED', category: 'NEGLECT' },
            { childId: kidB, decision: 'PLAN_STARTED', category: 'MULTIPLE' },
            { childId: kidC, decision: 'NO_PLAN' },
          ],
          participation: [
            { childId: kidA, attended: true, viewsShared: 'IN_PERSON' },
            { childId: kidB, attended: false, viewsShared: 'VIA_SOCIAL_WORKER' },
            { childId: kidC, attended: false, viewsShared: 'NOT_SHARED' },
          ],
        },
      })
    ).recordConferenceHeld;
    expect(heldConf).toMatchObject({
      status: 'HELD',
      heldOn: '2026-05-20',
      withinTimescale: true,
      workingDaysElapsed: wdBetween('2026-05-01', '2026-05-20'),
      delayReason: null,
    });
    expect(heldConf.workingDaysElapsed).toBe(12);
    const byChild = Object.fromEntries(heldConf.outcomes.map((o: any) => [o.child.id, o]));
    expect(byChild[kidA]).toMatchObject({
      decision: 'PLAN_STARTED',
      category: 'NEGLECT',
      plan: { status: 'ACTIVE', startDate: '2026-05-20', category: 'NEGLECT', nextReviewDueBy: '2026-08-20' },
    });
    expect(byChild[kidB]).toMatchObject({
      decision: 'PLAN_STARTED',
      category: 'MULTIPLE',
      plan: { status: 'ACTIVE', startDate: '2026-05-20' },
    });
    expect(byChild[kidC]).toMatchObject({ decision: 'NO_PLAN', category: null, plan: null });
    const part = Object.fromEntries(heldConf.participation.map((p: any) => [p.child.id, p]));
    expect(part[kidA]).toMatchObject({ attended: true, viewsShared: 'IN_PERSON' });
    expect(part[kidC]).toMatchObject({ attended: false, viewsShared: 'NOT_SHARED' });

    const reviews = await reviewsOf(kidA);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ type: 'REVIEW', status: 'REQUESTED', dueBy: '2026-08-20' });
    expect(reviews[0].children.map((x: any) => x.id).sort()).toEqual([kidA, kidB].sort());
    expect(await reviewsOf(kidC)).toEqual([]);

    const child = (await ok(t, w.teamA.socialWorker, CHILD_PLANS, { id: kidA })).child;
    expect(child.activePlan).toMatchObject({
      status: 'ACTIVE',
      startDate: '2026-05-20',
      nextReviewDueBy: '2026-08-20',
    });
    expect(child.activePlan.coreGroup.nextMeetingDueBy).toBe(addWD('2026-05-20', 10));
    expect(child.activePlan.coreGroup.nextMeetingDueBy).toBe('2026-06-04');
    expect(child.activePlan.coreGroup.plan.id).toBe(child.activePlan.id);
    expect(child.plans).toHaveLength(1);
    expect(child.conferences.map((x: any) => x.type).sort()).toEqual(['INITIAL', 'REVIEW']);

    // cannot be held twice
    const again = await gql(t, w.chair, HELD, {
      i: {
        conferenceId: c.id,
        heldOn: '2026-05-20',
        outcomes: plansFor([kidA, kidB]).concat([{ childId: kidC, decision: 'NO_PLAN' } as any]),
      },
    });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'HELD' });
    expect(typeof again.errors?.[0].extensions.operation).toBe('string');
  });

  it('a held conference is in the conference history with from/to statuses', async () => {
    const h = (await ok(t, w.auditor, CONF, { id: heldConf.id })).conference.history;
    expect(h.map((e: any) => e.toStatus)).toEqual(expect.arrayContaining(['REQUESTED', 'SCHEDULED', 'HELD']));
    const last = h[h.length - 1];
    expect(last).toMatchObject({ fromStatus: 'SCHEDULED', toStatus: 'HELD', actor: { id: w.chair.id } });
  });

  it('core group meetings: first due heldOn + 10 working days, then previous held + 4 weeks', async () => {
    const child = (await ok(t, w.teamA.socialWorker, CHILD_PLANS, { id: kidA })).child;
    const planId = child.activePlan.id;
    const SCHED = `mutation($i: ScheduleCoreGroupMeetingInput!) { scheduleCoreGroupMeeting(input: $i) { id status dueBy scheduledFor heldOn withinTimescale version } }`;
    const REC = `mutation($i: RecordCoreGroupMeetingInput!) { recordCoreGroupMeeting(input: $i) { id status dueBy heldOn withinTimescale version } }`;
    expect(await codeOf(w.teamB.socialWorker, SCHED, { i: { planId, scheduledFor: '2026-06-01T10:00:00Z' } })).toBe(
      'FORBIDDEN',
    );
    const m1 = (await ok(t, w.teamA.socialWorker, SCHED, { i: { planId, scheduledFor: '2026-06-01T10:00:00Z' } }))
      .scheduleCoreGroupMeeting;
    expect(m1).toMatchObject({ status: 'SCHEDULED', dueBy: '2026-06-04', heldOn: null, withinTimescale: null });
    expect(await codeOf(w.teamA.socialWorker, REC, { i: { meetingId: m1.id, heldOn: addDays(TODAY, 1) } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await codeOf(w.teamA.socialWorker, REC, {
        i: { meetingId: m1.id, heldOn: '2026-06-02', expectedVersion: m1.version + 5 },
      }),
    ).toBe('CONFLICT');
    expect(await codeOf(w.teamB.socialWorker, REC, { i: { meetingId: m1.id, heldOn: '2026-06-02' } })).toBe(
      'FORBIDDEN',
    );
    const h1 = (
      await ok(t, w.teamA.socialWorker, REC, {
        i: { meetingId: m1.id, heldOn: '2026-06-02', expectedVersion: m1.version },
      })
    ).recordCoreGroupMeeting;
    expect(h1).toMatchObject({ status: 'HELD', heldOn: '2026-06-02', withinTimescale: true, dueBy: '2026-06-04' });
    const again = await gql(t, w.teamA.socialWorker, REC, { i: { meetingId: m1.id, heldOn: '2026-06-02' } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'HELD' });
    let cg = (await ok(t, w.teamA.socialWorker, CHILD_PLANS, { id: kidA })).child.activePlan.coreGroup;
    expect(cg.nextMeetingDueBy).toBe(addDays('2026-06-02', 28));
    const m2 = (await ok(t, w.teamA.socialWorker, SCHED, { i: { planId, scheduledFor: '2026-07-03T10:00:00Z' } }))
      .scheduleCoreGroupMeeting;
    expect(m2.dueBy).toBe('2026-06-30');
    const h2 = (await ok(t, w.teamA.socialWorker, REC, { i: { meetingId: m2.id, heldOn: '2026-07-03' } }))
      .recordCoreGroupMeeting;
    expect(h2.withinTimescale).toBe(false);
    cg = (await ok(t, w.teamA.socialWorker, CHILD_PLANS, { id: kidA })).child.activePlan.coreGroup;
    expect(cg.nextMeetingDueBy).toBe('2026-07-31');
    expect(cg.meetings.map((m: any) => m.status)).toEqual(['HELD', 'HELD']);
  });

  it('review continues one plan and ends another; PLAN_ENDED needs endReason; next review +6 months', async () => {
    const [review] = await reviewsOf(kidA);
    await schedule(review.id, '2026-08-18T10:00:00Z');
    const bad = await codeOf(w.chair, HELD, {
      i: {
        conferenceId: review.id,
        heldOn: '2026-08-18',
        outcomes: [
          { childId: kidA, decision: 'PLAN_CONTINUED' },
          { childId: kidB, decision: 'PLAN_ENDED' },
        ],
      },
    });
    expect(bad).toBe('BAD_USER_INPUT');
    const startAtReview = await codeOf(w.chair, HELD, {
      i: {
        conferenceId: review.id,
        heldOn: '2026-08-18',
        outcomes: [
          { childId: kidA, decision: 'PLAN_STARTED', category: 'NEGLECT' },
          { childId: kidB, decision: 'PLAN_ENDED', endReason: 'x' },
        ],
      },
    });
    expect(startAtReview).toBe('BAD_USER_INPUT');
    const held = (
      await ok(t, w.chair, HELD, {
        i: {
          conferenceId: review.id,
          heldOn: '2026-08-18',
          outcomes: [
            { childId: kidA, decision: 'PLAN_CONTINUED' },
            { childId: kidB, decision: 'PLAN_ENDED', endReason: '  risk reduced ' },
          ],
        },
      })
    ).recordConferenceHeld;
    expect(held).toMatchObject({
      status: 'HELD',
      withinTimescale: true,
      workingDaysElapsed: wdBetween('2026-05-20', '2026-08-18'),
    });
    const a = (await ok(t, w.chair, CHILD_PLANS, { id: kidA })).child;
    expect(a.activePlan).toMatchObject({ status: 'ACTIVE', startDate: '2026-05-20', nextReviewDueBy: '2027-02-18' });
    const b = (await ok(t, w.chair, CHILD_PLANS, { id: kidB })).child;
    expect(b.activePlan).toBeNull();
    expect(b.plans).toEqual([
      expect.objectContaining({
        status: 'ENDED',
        startDate: '2026-05-20',
        endDate: '2026-08-18',
        endReason: 'risk reduced',
      }),
    ]);
    const next = (await reviewsOf(kidA)).filter((r: any) => r.status === 'REQUESTED');
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ dueBy: '2027-02-18' });
    expect(next[0].children.map((x: any) => x.id)).toEqual([kidA]);
    expect((await reviewsOf(kidB)).filter((r: any) => r.status === 'REQUESTED')).toEqual([]);
  });

  it('late initial conference needs a delay reason; withinTimescale false; workingDaysElapsed counts (start, heldOn]', async () => {
    const k = await w.child(w.teamA);
    const c = await request([k], '2026-01-05');
    expect(c.dueBy).toBe('2026-01-26');
    await schedule(c.id, '2026-02-02T10:00:00Z');
    const held = (
      await ok(t, w.chair, HELD, {
        i: {
          conferenceId: c.id,
          heldOn: '2026-02-02',
          delayReason: '  family unavailable ',
          outcomes: [{ childId: k, decision: 'NO_PLAN' }],
        },
      })
    ).recordConferenceHeld;
    expect(held).toMatchObject({ withinTimescale: false, workingDaysElapsed: 20, delayReason: 'family unavailable' });
  });

  it('held on the due date is within timescale', async () => {
    const k = await w.child(w.teamA);
    const c = await request([k], '2026-01-05');
    await schedule(c.id, '2026-01-26T10:00:00Z');
    const held = (
      await ok(t, w.chair, HELD, {
        i: { conferenceId: c.id, heldOn: '2026-01-26', outcomes: [{ childId: k, decision: 'NO_PLAN' }] },
      })
    ).recordConferenceHeld;
    expect(held).toMatchObject({ withinTimescale: true, workingDaysElapsed: 15 });
  });

  it('month-end clamping of the review dates (3 and 6 months)', async () => {
    const k = await w.child(w.teamA);
    const c = await request([k], '2025-12-15');
    await schedule(c.id, '2025-12-31T10:00:00Z');
    const held = (
      await ok(t, w.chair, HELD, {
        i: { conferenceId: c.id, heldOn: '2025-12-31', outcomes: plansFor([k], 'EMOTIONAL_ABUSE') },
      })
    ).recordConferenceHeld;
    expect(held.outcomes[0].plan.nextReviewDueBy).toBe(addMonths('2025-12-31', 3));
    expect(held.outcomes[0].plan.nextReviewDueBy).toBe('2026-03-31');
    const k2 = await w.child(w.teamA);
    const c2 = await request([k2], '2026-03-16');
    await schedule(c2.id, '2026-03-31T10:00:00Z');
    const held2 = (
      await ok(t, w.chair, HELD, { i: { conferenceId: c2.id, heldOn: '2026-03-31', outcomes: plansFor([k2]) } })
    ).recordConferenceHeld;
    expect(held2.outcomes[0].plan.nextReviewDueBy).toBe('2026-06-30');
    const [rv] = await reviewsOf(k);
    expect(rv.dueBy).toBe('2026-03-31');
    await schedule(rv.id, '2026-03-31T10:00:00Z');
    await ok(t, w.chair, HELD, {
      i: { conferenceId: rv.id, heldOn: '2026-03-31', outcomes: [{ childId: k, decision: 'PLAN_CONTINUED' }] },
    });
    const next = (await reviewsOf(k)).find((r: any) => r.status === 'REQUESTED');
    expect(next.dueBy).toBe('2026-09-30');
  });

  it('a child has at most one active plan: a second ICPC cannot start another', async () => {
    const k = await w.child(w.teamA);
    const c = await request([k], '2026-10-01');
    await schedule(c.id, '2026-10-15T10:00:00Z');
    await ok(t, w.chair, HELD, { i: { conferenceId: c.id, heldOn: '2026-10-15', outcomes: plansFor([k]) } });
    const c2 = await request([k], '2026-10-20');
    await schedule(c2.id, '2026-11-02T10:00:00Z');
    expect(
      await codeOf(w.chair, HELD, { i: { conferenceId: c2.id, heldOn: '2026-11-02', outcomes: plansFor([k]) } }),
    ).toBe('BAD_USER_INPUT');
  });

  it('unborn child: first review is the sooner of ICPC + 3 months and birth + 10 working days', async () => {
    const early = await w.child(w.teamA, { expectedDateOfBirth: '2026-12-20' });
    const late = await w.child(w.teamA, { expectedDateOfBirth: '2026-12-20' });
    const c = await request([early, late], '2026-08-20');
    await schedule(c.id, '2026-09-01T10:00:00Z');
    const held = (
      await ok(t, w.chair, HELD, { i: { conferenceId: c.id, heldOn: '2026-09-01', outcomes: plansFor([early, late]) } })
    ).recordConferenceHeld;
    for (const o of held.outcomes) expect(o.plan.nextReviewDueBy).toBe('2026-12-01');
    const BIRTH = `mutation($id: ID!, $d: Date!) { recordBirth(childId: $id, dateOfBirth: $d) { id dateOfBirth activePlan { nextReviewDueBy } } }`;
    const e = (await ok(t, w.admin, BIRTH, { id: early, d: '2026-11-02' })).recordBirth;
    expect(e.dateOfBirth).toBe('2026-11-02');
    expect(e.activePlan.nextReviewDueBy).toBe(addWD('2026-11-02', 10));
    expect(e.activePlan.nextReviewDueBy).toBe('2026-11-16');
    // the requested review conference's dueBy follows the earliest child
    const [rv] = await reviewsOf(early);
    expect(rv.dueBy).toBe('2026-11-16');
    // the sibling born later keeps the 3-month date as its own statutory date (or shares the conference's sooner date)
    const l = (await ok(t, w.admin, BIRTH, { id: late, d: '2026-11-25' })).recordBirth;
    expect(['2026-12-01', '2026-11-16']).toContain(l.activePlan.nextReviewDueBy);
  });

  it('unborn child alone: a birth whose +10 working days is later than ICPC + 3 months keeps the 3-month date', async () => {
    const k = await w.child(w.teamA, { expectedDateOfBirth: '2026-12-20' });
    const c = await request([k], '2026-08-20');
    await schedule(c.id, '2026-09-01T10:00:00Z');
    await ok(t, w.chair, HELD, { i: { conferenceId: c.id, heldOn: '2026-09-01', outcomes: plansFor([k]) } });
    const BIRTH = `mutation($id: ID!, $d: Date!) { recordBirth(childId: $id, dateOfBirth: $d) { id dateOfBirth activePlan { nextReviewDueBy } } }`;
    const l = (await ok(t, w.admin, BIRTH, { id: k, d: '2026-11-25' })).recordBirth;
    expect(l.activePlan.nextReviewDueBy).toBe('2026-12-01');
    const [rv] = await reviewsOf(k);
    expect(rv.dueBy).toBe('2026-12-01');
  });

  it('transfer-in: dueBy = notification + 15 working days', async () => {
    const k = await w.child(w.teamA);
    const c = (await ok(t, w.chair, REQ_TI, { i: { childIds: [k], transferNotifiedOn: '2026-06-01' } }))
      .requestTransferInConference;
    expect(c).toMatchObject({
      type: 'TRANSFER_IN',
      status: 'REQUESTED',
      transferNotifiedOn: '2026-06-01',
      dueBy: '2026-06-22',
      strategyDiscussionDate: null,
    });
    expect(await codeOf(w.chair, REQ_TI, { i: { childIds: [k], transferNotifiedOn: addDays(TODAY, 2) } })).toBe(
      'BAD_USER_INPUT',
    );
    await schedule(c.id, '2026-06-15T10:00:00Z');
    const held = (
      await ok(t, w.chair, HELD, {
        i: { conferenceId: c.id, heldOn: '2026-06-15', outcomes: plansFor([k], 'PHYSICAL_ABUSE') },
      })
    ).recordConferenceHeld;
    expect(held).toMatchObject({ status: 'HELD', withinTimescale: true, workingDaysElapsed: 10 });
    expect(held.outcomes[0].plan).toMatchObject({
      status: 'ACTIVE',
      startDate: '2026-06-15',
      category: 'PHYSICAL_ABUSE',
    });
  });

  it('cancelConference needs a reason; a cancelled conference cannot be scheduled (INVALID_TRANSITION with from/operation)', async () => {
    const k = await w.child(w.teamA);
    const c = await request([k], '2026-11-02');
    expect(await codeOf(w.chair, CANCEL, { id: c.id, r: '   ' })).toBe('BAD_USER_INPUT');
    expect(await codeOf(w.chair, CANCEL, { id: c.id, r: 'x', v: 7 })).toBe('CONFLICT');
    expect(await codeOf(w.auditor, CANCEL, { id: c.id, r: 'x' })).toBe('FORBIDDEN');
    const x = (await ok(t, w.chair, CANCEL, { id: c.id, r: ' s47 closed ', v: 1 })).cancelConference;
    expect(x).toMatchObject({ status: 'CANCELLED', version: 2 });
    const r = await gql(t, w.chair, SCHEDULE, { i: { conferenceId: c.id, scheduledFor: '2026-11-20T10:00:00Z' } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'CANCELLED' });
    expect(r.errors?.[0].extensions.operation).toBeTruthy();
    const r2 = await gql(t, w.chair, CANCEL, { id: c.id, r: 'again' });
    expect(r2.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'CANCELLED' });
    const h = (await ok(t, w.auditor, CONF, { id: c.id })).conference.history;
    expect(h[h.length - 1]).toMatchObject({ fromStatus: 'REQUESTED', toStatus: 'CANCELLED', reason: 's47 closed' });
  });

  it('a requested conference can be recorded as held only once scheduled (or directly?)', async () => {
    const k = await w.child(w.teamA);
    const c = await request([k], '2026-11-02');
    const r = await gql(t, w.chair, HELD, {
      i: { conferenceId: c.id, heldOn: '2026-11-16', outcomes: [{ childId: k, decision: 'NO_PLAN' }] },
    });
    // DOMAIN: "requested, then scheduled ..., then held or cancelled"
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'REQUESTED' });
  });

  it('team isolation of conferences', async () => {
    const k = await w.child(w.teamA);
    const c = await request([k], '2026-11-02');
    expect(await codeOf(w.teamB.socialWorker, CONF, { id: c.id })).toBe('FORBIDDEN');
    expect(await codeOf(w.teamB.manager, CONF, { id: c.id })).toBe('FORBIDDEN');
    expect(await codeOf(w.teamA.manager, CONF, { id: c.id })).toBe('OK');
    const list = (await ok(t, w.teamB.manager, LIST, { first: 100 })).conferences;
    expect(list.edges.map((e: any) => e.node.id)).not.toContain(c.id);
    const filtered = await gql(t, w.teamB.manager, LIST, { f: { teamId: w.teamA.id } });
    expect(filtered.status).toBeLessThan(500);
    if (!filtered.errors) expect(filtered.data!.conferences.totalCount).toBe(0);
    else expect(filtered.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('conferences: pagination (first default 20, max 100), totalCount and filters', async () => {
    const teamC = (await ok(t, w.admin, `mutation { createTeam(input: { name: "Team C" }) { id } }`)).createTeam.id;
    const teamWorld = { ...w.teamB, id: teamC };
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      const kid = await w.child(teamWorld as any);
      ids.push(
        (await ok(t, w.chair2, REQ_ICPC, { i: { childIds: [kid], strategyDiscussionDate: addDays('2026-09-01', i) } }))
          .requestInitialConference.id,
      );
    }
    const p1 = (await ok(t, w.chair, LIST, { f: { teamId: teamC } })).conferences;
    expect(p1.totalCount).toBe(23);
    expect(p1.edges).toHaveLength(20);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await ok(t, w.chair, LIST, { f: { teamId: teamC }, after: p1.pageInfo.endCursor })).conferences;
    expect(p2.edges).toHaveLength(3);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect(p2.totalCount).toBe(23);
    const all = [...p1.edges, ...p2.edges].map((e: any) => e.node.id);
    expect(new Set(all).size).toBe(23);
    expect(all.sort()).toEqual([...ids].sort());
    expect(await codeOf(w.chair, LIST, { f: { teamId: teamC }, first: 101 })).toBe('BAD_USER_INPUT');
    expect(await codeOf(w.chair, LIST, { f: { teamId: teamC }, first: -1 })).toBe('BAD_USER_INPUT');
    expect((await ok(t, w.chair, LIST, { f: { teamId: teamC }, first: 100 })).conferences.edges).toHaveLength(23);
    expect(await codeOf(w.chair, LIST, { f: { teamId: teamC }, after: 'garbage-cursor' })).toBe('BAD_USER_INPUT');
    // filters
    const cnt = async (f: Record<string, unknown>) =>
      (await ok(t, w.chair, LIST, { f: { teamId: teamC, ...f }, first: 100 })).conferences.totalCount;
    expect(await cnt({ type: 'INITIAL' })).toBe(23);
    expect(await cnt({ type: 'REVIEW' })).toBe(0);
    expect(await cnt({ status: ['REQUESTED'] })).toBe(23);
    expect(await cnt({ status: ['HELD', 'CANCELLED'] })).toBe(0);
    expect(
      (await ok(t, w.chair, LIST, { f: { teamId: w.teamA.id }, first: 100 })).conferences.edges.map(
        (e: any) => e.node.id,
      ),
    ).not.toContain(ids[0]);
    expect(await cnt({ childId: (await ok(t, w.chair, CONF, { id: ids[5] })).conference.children[0].id })).toBe(1);
    await schedule(ids[0], '2026-09-10T10:00:00Z', { chairId: w.chair2.id });
    expect(await cnt({ chairId: w.chair2.id })).toBe(1);
    expect(await cnt({ status: ['SCHEDULED'] })).toBe(1);
    // dueBy of strategy 2026-09-01 + i days: filter dueFrom/dueTo inclusive
    const dues = [...p1.edges, ...p2.edges].map((e: any) => e.node.dueBy).sort();
    expect(await cnt({ dueFrom: dues[0], dueTo: dues[0] })).toBe(dues.filter((d: string) => d === dues[0]).length);
    expect(await cnt({ dueFrom: dues[22] })).toBe(dues.filter((d: string) => d >= dues[22]).length);
    expect(await cnt({ dueTo: '2026-01-01' })).toBe(0);
  });

  it('census rules: a review is after the plan start; a plan does not start and end on the same day; a held conference cannot be cancelled', async () => {
    const k = await w.child(w.teamA);
    const c = await request([k], '2026-10-01');
    await schedule(c.id, '2026-10-15T10:00:00Z');
    await ok(t, w.chair, HELD, { i: { conferenceId: c.id, heldOn: '2026-10-15', outcomes: plansFor([k]) } });
    const [rv] = await reviewsOf(k);
    await schedule(rv.id, '2026-10-15T14:00:00Z');
    expect(
      await codeOf(w.chair, HELD, {
        i: {
          conferenceId: rv.id,
          heldOn: '2026-10-15',
          outcomes: [{ childId: k, decision: 'PLAN_ENDED', endReason: 'same day' }],
        },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(w.chair, HELD, {
        i: { conferenceId: rv.id, heldOn: '2026-10-14', outcomes: [{ childId: k, decision: 'PLAN_CONTINUED' }] },
      }),
    ).toBe('BAD_USER_INPUT');
    const r = await gql(t, w.chair, CANCEL, { id: c.id, r: 'too late' });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'HELD' });
  });

  it("a second outcome list for a review that omits NO_PLAN children is fine only for the review's own children", async () => {
    const k = await w.child(w.teamA);
    const c = await request([k], '2026-10-01');
    await schedule(c.id, '2026-10-15T10:00:00Z');
    await ok(t, w.chair, HELD, { i: { conferenceId: c.id, heldOn: '2026-10-15', outcomes: plansFor([k]) } });
    const [rv] = await reviewsOf(k);
    await schedule(rv.id, '2026-11-20T10:00:00Z');
    expect(
      await codeOf(w.chair, HELD, {
        i: { conferenceId: rv.id, heldOn: '2026-11-20', outcomes: [{ childId: k, decision: 'NO_PLAN' }] },
      }),
    ).toBe('BAD_USER_INPUT');
    const ok2 = (
      await ok(t, w.chair, HELD, {
        i: {
          conferenceId: rv.id,
          heldOn: '2026-11-20',
          outcomes: [{ childId: k, decision: 'PLAN_ENDED', endReason: 'Safe' }],
        },
      })
    ).recordConferenceHeld;
    expect(ok2.outcomes[0]).toMatchObject({ decision: 'PLAN_ENDED', plan: { status: 'ENDED' } });
    expect((await reviewsOf(k)).filter((x: any) => x.status === 'REQUESTED')).toEqual([]);
  });
});
