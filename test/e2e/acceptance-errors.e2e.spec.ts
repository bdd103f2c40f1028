/**
 * Acceptance (black box): every error, including GraphQL's own parse/validation/coercion errors,
 * carries an extensions.code from CONTRACT.md and never a 5xx.
 */
import { gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

const CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'INVALID_TRANSITION',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
];

describe('acceptance: error shapes', () => {
  let t: TestApp;
  let w: World;
  let child: string;
  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'accerr');
    child = await w.child(w.teamA);
  });
  afterAll(() => t.close());

  const probes: [string, string, Record<string, unknown> | undefined][] = [
    ['syntax error', '{ me { id ', undefined],
    ['unknown field', '{ me { id nope } }', undefined],
    ['missing required argument', '{ child { id } }', undefined],
    [
      'wrong enum literal',
      'mutation { raiseEscalation(input: { childId: "x", concern: NOPE, summary: "s", raisedOn: "2026-11-02" }) { id } }',
      undefined,
    ],
    ['bad Date literal', '{ addWorkingDays(date: "2026-02-30", days: 1) }', undefined],
    ['bad Date variable', 'query($d: Date!) { addWorkingDays(date: $d, days: 1) }', { d: '26-01-01' }],
    ['Int variable of wrong type', 'query($n: Int!) { addWorkingDays(date: "2026-01-05", days: $n) }', { n: 'abc' }],
    ['missing variable', 'query($n: Int!) { addWorkingDays(date: "2026-01-05", days: $n) }', {}],
    [
      'unknown input field',
      'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }',
      { i: { name: 'x', nope: 1 } },
    ],
    [
      'bad DateTime',
      'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }',
      { i: { conferenceId: '00000000-0000-0000-0000-000000000000', scheduledFor: 'not-a-date' } },
    ],
    ['huge working days', '{ addWorkingDays(date: "2026-01-05", days: 2000000000) }', undefined],
    ['negative first', '{ escalations(first: -5) { totalCount } }', undefined],
  ];

  it.each(probes)('%s → a contract code, no 5xx', async (_name, query, variables) => {
    const r = await gql(t, w.chair, query, variables);
    expect(r.status).toBeLessThan(500);
    expect(r.errors?.length).toBeGreaterThan(0);
    for (const e of r.errors!) expect(CODES).toContain(e.extensions?.code);
    expect(JSON.stringify(r.errors)).not.toMatch(/stack|node_modules|SELECT |\/src\//i);
  });

  it('negative working days are either refused or counted backwards, never a 5xx', async () => {
    const r = await gql(t, w.chair, '{ addWorkingDays(date: "2026-01-05", days: -1) }');
    expect(r.status).toBeLessThan(500);
    if (!r.errors) expect(r.data!.addWorkingDays).toBe('2026-01-02');
    else expect(r.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('Idempotency-Key also works on recordConversation', async () => {
    const Q = 'mutation($i: RecordConversationInput!) { recordConversation(input: $i) { id actions { id } } }';
    const i = {
      childId: child,
      withStaffId: w.teamA.socialWorker.id,
      heldOn: '2026-11-02',
      summary: 'idem',
      actions: [{ description: 'a', ownerId: w.teamA.socialWorker.id, dueBy: '2026-11-30' }],
    };
    const a = await ok(t, w.chair, Q, { i }, { 'Idempotency-Key': 'conv-1' });
    const b = await ok(t, w.chair, Q, { i }, { 'Idempotency-Key': 'conv-1' });
    expect(b.recordConversation).toEqual(a.recordConversation);
    const c = await gql(t, w.chair, Q, { i: { ...i, summary: 'other' } }, { 'Idempotency-Key': 'conv-1' });
    expect(c.errors?.[0].extensions.code).toBe('CONFLICT');
  });

  it('Idempotency-Key also works on requestInitialConference and registerChild', async () => {
    const Q = 'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }';
    const k = await w.child(w.teamA);
    const a = await ok(
      t,
      w.chair,
      Q,
      { i: { childIds: [k], strategyDiscussionDate: '2026-11-02' } },
      { 'Idempotency-Key': 'icpc-1' },
    );
    const b = await ok(
      t,
      w.chair,
      Q,
      { i: { childIds: [k], strategyDiscussionDate: '2026-11-02' } },
      { 'Idempotency-Key': 'icpc-1' },
    );
    expect(b.requestInitialConference.id).toBe(a.requestInitialConference.id);
    const R = 'mutation($i: RegisterChildInput!) { registerChild(input: $i) { id } }';
    const ri = { caseReference: `IDEM-${w.authority}`, name: 'Idem', dateOfBirth: '2015-01-01', teamId: w.teamA.id };
    const c1 = await ok(t, w.admin, R, { i: ri }, { 'Idempotency-Key': 'child-1' });
    const c2 = await ok(t, w.admin, R, { i: ri }, { 'Idempotency-Key': 'child-1' });
    expect(c2.registerChild.id).toBe(c1.registerChild.id);
  });
});
