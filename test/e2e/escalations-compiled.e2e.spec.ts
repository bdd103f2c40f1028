import { addCalendarDays } from '../../src/calendar/working-calendar';
import { EscalationQueries } from '../../src/escalations/escalation.queries';
import { testToday } from '../helpers/test-clock';
import { errorCode, gql, ok, Person, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';
import { spyOnStatements } from '../helpers/sql-statements';

// Compiled reads (issue 17, docs/architecture.md): escalations(first:) and escalation(id) read the
// relations a client selects in one statement and prime the loaders. Their answers must be exactly
// the loaders' answers, field for field, for every caller and every shape of query.

const PERSON = 'id subject name roles email emailMode';
const NODE = `id reference raisedOn concern summary status stage responseDueBy breached closedOn version
  child { id caseReference name dateOfBirth expectedDateOfBirth }
  raisedBy { ${PERSON} }
  stages { stage assignedRole openedOn responseDueBy acknowledgedAt respondedAt response breached outcome assignedTo { ${PERSON} } }
  actions { id description dueBy status overdue completedOn outcome cancelReason agreedOn source version owner { ${PERSON} } }
  history { id sequence at entityType entityId action fromStatus toStatus reason details hash previousHash actor { ${PERSON} } }`;
const PAGE = `query($first: Int, $after: String, $f: EscalationFilter) { escalations(first: $first, after: $after, filter: $f) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${NODE} } } } }`;
const ONE = `query($id: ID!) { escalation(id: $id) { ${NODE} } }`;
/** The bench's auditor page (bench/service.ts). */
const AUDITOR_PAGE = `query($first: Int) { escalations(first: $first) { edges { cursor node { id reference status stage breached raisedOn responseDueBy
  child { id caseReference } raisedBy { id name }
  stages { stage assignedRole openedOn responseDueBy respondedAt outcome breached assignedTo { id name } }
  actions { id description status dueBy owner { id name } }
  history { action at fromStatus toStatus reason actor { id name } } } } } }`;

const RAISE = 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id } }';
const ACK = 'mutation($id: ID!) { acknowledgeEscalation(escalationId: $id) { id } }';
const RESPOND = 'mutation($i: RespondToEscalationInput!) { respondToEscalation(input: $i) { id } }';
const ESCALATE = 'mutation($id: ID!) { escalateToNextStage(escalationId: $id, reason: "no progress") { id } }';
const WITHDRAW = 'mutation($id: ID!) { withdrawEscalation(escalationId: $id, reason: "sorted") { id } }';

describe('escalations: compiled reads answer exactly as the loaders', () => {
  let t: TestApp;
  let w: World;
  let queries: EscalationQueries;
  const today = testToday();
  const ids: string[] = [];

  /** The same request, once compiled and once through the loaders only. */
  const bothWays = async (who: Person, query: string, variables: Record<string, unknown> = {}) => {
    queries.compileReads = true;
    const compiled = await gql(t, who, query, variables);
    queries.compileReads = false;
    try {
      return { compiled, loaders: await gql(t, who, query, variables) };
    } finally {
      queries.compileReads = true;
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'esccomp');
    queries = t.app.get(EscalationQueries);
    const childA = await w.child(w.teamA);
    const childB = await w.child(w.teamB, { expectedDateOfBirth: addCalendarDays(today, 60) });
    const raise = async (childId: string, days: number) =>
      (
        await ok(t, w.chair, RAISE, {
          i: { childId, concern: 'VISITS_OVERDUE', summary: `Visits ${days}`, raisedOn: addCalendarDays(today, days) },
        })
      ).raiseEscalation.id as string;
    for (let i = 0; i < 6; i++) ids.push(await raise(i % 2 ? childB : childA, -i));
    // Acknowledged and responded with two actions (one already overdue), then escalated to stage 2.
    await ok(t, w.teamA.manager, ACK, { id: ids[0] });
    await ok(t, w.teamA.manager, RESPOND, {
      i: {
        escalationId: ids[0],
        response: 'We will visit',
        actions: [
          { description: 'Visit', ownerId: w.teamA.socialWorker.id, dueBy: addCalendarDays(today, 3) },
          { description: 'Call', ownerId: w.teamA.manager.id, dueBy: addCalendarDays(today, 1) },
        ],
      },
    });
    await ok(t, w.chair, ESCALATE, { id: ids[0] });
    await ok(t, w.serviceManager, ACK, { id: ids[0] });
    await ok(t, w.chair, ESCALATE, { id: ids[0] });
    await ok(t, w.teamB.manager, RESPOND, {
      i: {
        escalationId: ids[1],
        response: 'Done',
        actions: [{ description: 'Review', ownerId: w.teamB.socialWorker.id, dueBy: addCalendarDays(today, 2) }],
      },
    });
    await ok(t, w.chair, WITHDRAW, { id: ids[2] });
  });
  afterAll(() => t.close());

  it('gives the same pages, every field, to each kind of caller', async () => {
    for (const who of [w.auditor, w.admin, w.chair, w.teamA.manager, w.teamB.socialWorker, w.serviceManager]) {
      const { compiled, loaders } = await bothWays(who, PAGE, { first: 100 });
      expect(compiled.errors).toBeUndefined();
      expect(compiled).toEqual(loaders);
    }
    const { compiled } = await bothWays(w.auditor, PAGE, { first: 100 });
    const nodes = compiled.data!.escalations.edges.map((e: { node: any }) => e.node);
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(ids));
    // The data exercises what the compiled read maps: several stages with and without an
    // assignee, timestamps, actions in due order, an overdue one, history with actors.
    const first = nodes.find((n: { id: string }) => n.id === ids[0]);
    expect(first.stages.map((s: { stage: number }) => s.stage)).toEqual([1, 2, 3]);
    expect(first.stages[0].acknowledgedAt).toEqual(expect.any(String));
    expect(first.stages[0].assignedTo).toMatchObject({ id: w.teamA.manager.id });
    expect(first.actions.map((a: { description: string }) => a.description)).toEqual(['Call', 'Visit']);
    expect(first.history.length).toBeGreaterThan(4);
    expect(first.history[0].actor).toMatchObject({ id: w.chair.id });
    // ADMIN sees addresses, an auditor does not: the primed staff carry the same fields.
    const asAdmin = (await ok(t, w.admin, PAGE, { first: 100 })).escalations.edges.find(
      (e: { node: { id: string } }) => e.node.id === ids[0],
    ).node;
    expect(asAdmin.raisedBy.subject).toBe(first.raisedBy.subject);
  });

  it('pages alike with a cursor, a filter and totalCount', async () => {
    let after: string | null = null;
    let pages = 0;
    do {
      const { compiled, loaders } = await bothWays(w.auditor, PAGE, { first: 2, after });
      expect(compiled.errors).toBeUndefined();
      expect(compiled).toEqual(loaders);
      const page = compiled.data!.escalations;
      expect(page.totalCount).toBeGreaterThanOrEqual(ids.length);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBeGreaterThanOrEqual(3);
    const filtered = await bothWays(w.auditor, PAGE, { first: 10, f: { teamId: w.teamB.id, status: ['OPEN'] } });
    expect(filtered.compiled).toEqual(filtered.loaders);
    expect(filtered.compiled.data!.escalations.edges.length).toBeGreaterThan(0);
  });

  it('answers escalation(id) alike, and refuses alike', async () => {
    for (const id of ids) {
      const { compiled, loaders } = await bothWays(w.auditor, ONE, { id });
      expect(compiled.errors).toBeUndefined();
      expect(compiled.data!.escalation.id).toBe(id);
      expect(compiled).toEqual(loaders);
    }
    // Team staff may not read another team's escalation; an unknown id is NOT_FOUND.
    for (const [who, id, code] of [
      [w.teamA.manager, ids[1], 'FORBIDDEN'],
      [w.auditor, '00000000-0000-4000-8000-000000000000', 'NOT_FOUND'],
    ] as const) {
      queries.compileReads = true;
      expect(await errorCode(t, who, ONE, { id })).toBe(code);
      queries.compileReads = false;
      expect(await errorCode(t, who, ONE, { id })).toBe(code);
      queries.compileReads = true;
    }
  });

  it('follows aliases, fragments and @skip/@include', async () => {
    const query = `query($id: ID!, $h: Boolean!, $s: Boolean!) {
      one: escalation(id: $id) { ...E kids: child { name } s1: stages @skip(if: $s) { stage } history @include(if: $h) { action actor { name } } }
      list: escalations(first: 5) { edges { node { ... on Escalation { ...E } actions { id } a2: actions { owner { name } } } } } }
      fragment E on Escalation { id child { id } stages { assignedTo { id } } }`;
    for (const variables of [
      { id: ids[0], h: true, s: false },
      { id: ids[0], h: false, s: true },
    ]) {
      const { compiled, loaders } = await bothWays(w.auditor, query, variables);
      expect(compiled.errors).toBeUndefined();
      expect(compiled).toEqual(loaders);
      expect(compiled.data!.one.history !== undefined).toBe(variables.h);
    }
  });

  it('reads the auditor page in a constant number of statements, at most 4', async () => {
    await ok(t, w.auditor, AUDITOR_PAGE, { first: 1 }); // warm the caller cache
    const spy = spyOnStatements();
    const count = async (first: number) => {
      spy.clear();
      const res = await ok(t, w.auditor, AUDITOR_PAGE, { first });
      expect(res.escalations.edges).toHaveLength(first);
      return spy.sqls().length;
    };
    try {
      const two = await count(2);
      const six = await count(6);
      expect(six).toBe(two);
      expect(six).toBeLessThanOrEqual(4);
      // escalation(id) with the same fields: one statement as well.
      spy.clear();
      await ok(t, w.auditor, ONE, { id: ids[0] });
      expect(spy.sqls()).toHaveLength(1);
      // The loaders only: one statement per relation.
      queries.compileReads = false;
      expect(await count(6)).toBeGreaterThan(six + 4);
    } finally {
      queries.compileReads = true;
      spy.restore();
    }
  });
});
