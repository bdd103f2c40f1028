import { errorCode, gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// Runs on Thursday 2026-11-26 (fixed). A discussion on Monday 2026-11-02 makes an ICPC due 15 working
// days on (no bank holiday between): Monday 2026-11-23.
const TODAY = '2026-11-26';

const ENQ =
  'id startedOn outcome completedOn version child { id } strategyDiscussion { id } initialConference { id dueBy }';
const DISCUSS = `mutation($i: RecordStrategyDiscussionInput!) { recordStrategyDiscussion(input: $i) { id heldOn section47Initiated children { id } enquiries { ${ENQ} } } }`;
const OUTCOME = `mutation($i: RecordSection47OutcomeInput!) { recordSection47Outcome(input: $i) { ${ENQ} } }`;
const REQUEST =
  'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id clockStart dueBy children { id } } }';
const ONE = `query($id: ID!) { strategyDiscussion(id: $id) { id enquiries { ${ENQ} } } }`;

describe('strategy discussions and section 47 enquiries (issue 14)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: TODAY });
    w = await buildWorld(t, 's47');
  });
  afterAll(() => t.close());

  it('opens one enquiry per child when the discussion initiates s47, and an ICPC considers them', async () => {
    const [a, b] = [await w.child(w.teamA), await w.child(w.teamA)];
    const d = (
      await ok(t, w.teamA.socialWorker, DISCUSS, {
        i: { childIds: [a, b], heldOn: '2026-11-02', section47Initiated: true },
      })
    ).recordStrategyDiscussion;
    expect(d.section47Initiated).toBe(true);
    expect(d.enquiries).toHaveLength(2);
    expect(d.enquiries.map((e: any) => e.startedOn)).toEqual(['2026-11-02', '2026-11-02']);
    expect(d.enquiries.every((e: any) => e.outcome === null && e.initialConference === null)).toBe(true);

    const conf = (await ok(t, w.chair, REQUEST, { i: { section47EnquiryIds: d.enquiries.map((e: any) => e.id) } }))
      .requestInitialConference;
    expect(conf.clockStart).toBe('2026-11-02');
    expect(conf.dueBy).toBe('2026-11-23');
    expect(conf.children.map((c: any) => c.id).sort()).toEqual([a, b].sort());
    const again = (await ok(t, w.teamA.manager, ONE, { id: d.id })).strategyDiscussion;
    expect(again.enquiries.every((e: any) => e.initialConference?.id === conf.id)).toBe(true);

    // An enquiry already considered by an ICPC cannot be requested again.
    expect(await errorCode(t, w.chair, REQUEST, { i: { section47EnquiryIds: [d.enquiries[0].id] } })).toBe(
      'BAD_USER_INPUT',
    );
    // Its outcome is ICPC required (anything else contradicts the ICPC).
    expect(
      await errorCode(t, w.teamA.socialWorker, OUTCOME, {
        i: { enquiryId: d.enquiries[0].id, outcome: 'ICPC_NOT_REQUIRED', completedOn: '2026-11-10' },
      }),
    ).toBe('BAD_USER_INPUT');
    const done = (
      await ok(t, w.teamA.socialWorker, OUTCOME, {
        i: { enquiryId: d.enquiries[0].id, outcome: 'ICPC_REQUIRED', completedOn: '2026-11-10', expectedVersion: 1 },
      })
    ).recordSection47Outcome;
    expect(done).toMatchObject({ outcome: 'ICPC_REQUIRED', completedOn: '2026-11-10', version: 2 });
  });

  it('records an outcome once, through the machine, audited', async () => {
    const c = await w.child(w.teamA);
    const d = (
      await ok(t, w.teamA.manager, DISCUSS, { i: { childIds: [c], heldOn: '2026-11-02', section47Initiated: true } })
    ).recordStrategyDiscussion;
    const id = d.enquiries[0].id;
    expect(
      await errorCode(t, w.teamA.socialWorker, OUTCOME, {
        i: { enquiryId: id, outcome: 'ICPC_NOT_REQUIRED', completedOn: '2026-10-30' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await errorCode(t, w.teamA.socialWorker, OUTCOME, {
        i: { enquiryId: id, outcome: 'ICPC_NOT_REQUIRED', completedOn: '2026-11-27' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await errorCode(t, w.teamB.socialWorker, OUTCOME, {
        i: { enquiryId: id, outcome: 'ICPC_NOT_REQUIRED', completedOn: '2026-11-10' },
      }),
    ).toBe('FORBIDDEN');
    const e = (
      await ok(t, w.teamA.socialWorker, OUTCOME, {
        i: { enquiryId: id, outcome: 'ICPC_NOT_REQUIRED', completedOn: '2026-11-10' },
      })
    ).recordSection47Outcome;
    expect(e.outcome).toBe('ICPC_NOT_REQUIRED');
    expect(
      await errorCode(t, w.teamA.socialWorker, OUTCOME, {
        i: { enquiryId: id, outcome: 'CONCERNS_NOT_SUBSTANTIATED', completedOn: '2026-11-10' },
      }),
    ).toBe('INVALID_TRANSITION');
    // An enquiry that needed no ICPC cannot be put to one.
    expect(await errorCode(t, w.chair, REQUEST, { i: { section47EnquiryIds: [id] } })).toBe('BAD_USER_INPUT');
    const events = await t.dataSource.query(
      'SELECT action, from_status, to_status FROM audit_event WHERE entity_id = $1 ORDER BY sequence',
      [id],
    );
    expect(events.map((r: any) => [r.action, r.from_status, r.to_status])).toEqual([
      ['SECTION47_ENQUIRY_CREATED', null, 'OPEN'],
      ['SECTION47_OUTCOME_RECORDED', 'OPEN', 'OUTCOME_RECORDED'],
    ]);
  });

  it('a discussion that starts no s47 opens no enquiry; another team and another authority are refused', async () => {
    const c = await w.child(w.teamA);
    const d = (await ok(t, w.chair, DISCUSS, { i: { childIds: [c], heldOn: '2026-11-20', section47Initiated: false } }))
      .recordStrategyDiscussion;
    expect(d.enquiries).toEqual([]);
    expect(
      await errorCode(t, w.teamB.socialWorker, DISCUSS, {
        i: { childIds: [c], heldOn: '2026-11-20', section47Initiated: true },
      }),
    ).toBe('FORBIDDEN');
    expect(await errorCode(t, w.teamB.socialWorker, ONE, { id: d.id })).toBe('FORBIDDEN');
    expect(
      await errorCode(t, w.teamA.socialWorker, DISCUSS, {
        i: { childIds: [c], heldOn: '2026-11-27', section47Initiated: true },
      }),
    ).toBe('BAD_USER_INPUT');
    const other = await buildWorld(t, 's47-other');
    expect(await errorCode(t, other.chair, ONE, { id: d.id })).toBe('NOT_FOUND');
    expect(await errorCode(t, w.teamA.socialWorker, REQUEST, { i: { section47EnquiryIds: [c] } })).toBe('FORBIDDEN');
  });

  it('the first form (childIds + strategyDiscussionDate) records the discussion and enquiries itself', async () => {
    const [a, b] = [await w.child(w.teamA), await w.child(w.teamA)];
    const conf = (await ok(t, w.chair, REQUEST, { i: { childIds: [a, b], strategyDiscussionDate: '2026-11-02' } }))
      .requestInitialConference;
    const rows = await t.dataSource.query(
      'SELECT child_id, started_on, status, strategy_discussion_id FROM section47_enquiry WHERE conference_id = $1',
      [conf.id],
    );
    expect(rows.map((r: any) => r.child_id).sort()).toEqual([a, b].sort());
    expect(new Set(rows.map((r: any) => r.strategy_discussion_id)).size).toBe(1);
    expect(rows.every((r: any) => r.status === 'OPEN')).toBe(true);
    const res = await gql(t, w.chair, REQUEST, {
      i: { childIds: [a], strategyDiscussionDate: '2026-11-02', section47EnquiryIds: [rows[0].id] },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.chair, REQUEST, { i: { childIds: [a] } })).toBe('BAD_USER_INPUT');
  });
});
