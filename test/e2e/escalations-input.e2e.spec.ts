import { addCalendarDays } from '../../src/calendar/working-calendar';
import { testToday } from '../helpers/test-clock';
import { errorCode, gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';
import { spyOnStatements } from '../helpers/sql-statements';

const RAISE = 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id reference } }';
const LIST = `query($f: EscalationFilter, $first: Int, $after: String) { escalations(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id reference raisedOn status stage breached
    child { id name team { id manager { id } } } raisedBy { id name }
    stages { stage assignedTo { id name } } actions { id owner { id } } conversation { id chair { id } }
    history { action actor { id } } } } } }`;

describe('escalations: input, idempotency, references and lists', () => {
  let t: TestApp;
  let w: World;
  let childA: string;
  let childB: string;
  const today = testToday();
  const input = (extra: Record<string, unknown> = {}) => ({
    childId: childA,
    concern: 'VISITS_OVERDUE',
    summary: 'Visits overdue',
    raisedOn: today,
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'escin');
    childA = await w.child(w.teamA);
    childB = await w.child(w.teamB);
  });
  afterAll(() => t.close());

  it('refuses bad input, each with its code', async () => {
    const fields = async (i: Record<string, unknown>) => {
      const res = await gql(t, w.chair, RAISE, { i });
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      return (res.errors![0].extensions.fields as { field: string }[] | undefined)?.map((f) => f.field);
    };
    expect(await fields(input({ raisedOn: addCalendarDays(today, 1) }))).toEqual(['raisedOn']);
    expect(await fields(input({ summary: '   ' }))).toEqual(['summary']);
    expect(await fields(input({ summary: 'x'.repeat(10_001) }))).toEqual(['summary']);
    // Unknown ids (another authority's included) are NOT_FOUND, naming the field (CONTRACT.md).
    const unknown = async (i: Record<string, unknown>) => (await gql(t, w.chair, RAISE, { i })).errors?.[0].extensions;
    expect(await unknown(input({ childId: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({
      code: 'NOT_FOUND',
      fields: [{ field: 'childId' }],
    });
    expect(await unknown(input({ conversationId: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({
      code: 'NOT_FOUND',
      fields: [{ field: 'conversationId' }],
    });
    expect(await fields(input({ childId: 'not-an-id' }))).toEqual(['childId']);
    expect(await fields(input({ stage: 5 }))).toEqual(['stage']);
    expect((await gql(t, w.chair, RAISE, { i: input({ concern: 'NOPE' }) })).errors?.[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await errorCode(
        t,
        w.teamA.manager,
        'mutation { acknowledgeEscalation(escalationId: "00000000-0000-4000-8000-000000000000") { id } }',
      ),
    ).toBe('NOT_FOUND');
    expect(await errorCode(t, w.teamA.manager, RAISE, { i: input() })).toBe('FORBIDDEN');
    const esc = (await ok(t, w.chair, RAISE, { i: input() })).raiseEscalation;
    expect(
      await errorCode(t, w.chair, 'mutation($id: ID!) { withdrawEscalation(escalationId: $id, reason: "  ") { id } }', {
        id: esc.id,
      }),
    ).toBe('BAD_USER_INPUT');
    const respond = await gql(
      t,
      w.teamA.manager,
      'mutation($i: RespondToEscalationInput!) { respondToEscalation(input: $i) { id } }',
      {
        i: {
          escalationId: esc.id,
          response: 'ok',
          actions: [{ description: 'Do it', ownerId: w.teamA.socialWorker.id, dueBy: addCalendarDays(today, -1) }],
        },
      },
    );
    expect(respond.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'actions.0.dueBy' }],
    });
  });

  it('is idempotent with an Idempotency-Key: same result and one audit event; different input is CONFLICT', async () => {
    const key = { 'idempotency-key': `raise-${Date.now()}` };
    const first = await ok(t, w.chair, RAISE, { i: input({ summary: 'Once only' }) }, key);
    const second = await ok(t, w.chair, RAISE, { i: input({ summary: 'Once only' }) }, key);
    expect(second.raiseEscalation).toEqual(first.raiseEscalation);
    const events = await ok(
      t,
      w.auditor,
      'query($id: ID!) { auditEvents(filter: { entityId: $id }) { edges { node { action } } } }',
      { id: first.raiseEscalation.id },
    );
    expect(events.auditEvents.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual([
      'ESCALATION_CREATED',
    ]);
    expect(await errorCode(t, w.chair, RAISE, { i: input({ summary: 'Something else' }) }, key)).toBe('CONFLICT');
  });

  it('numbers references per authority and year without gaps or twins under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ok(t, w.chair, RAISE, { i: input({ summary: `Concurrent ${i}` }) })),
    );
    const numbers = results
      .map((r) => r.raiseEscalation.reference as string)
      .map((ref) => {
        expect(ref).toMatch(new RegExp(`^ESC-${today.slice(0, 4)}-\\d{4}$`));
        return Number(ref.slice(-4));
      })
      .sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(10);
    expect(numbers[9] - numbers[0]).toBe(9);
    const [{ max }] = await t.dataSource.query(
      "SELECT max(substring(reference from '\\d{4}$')::int) AS max FROM escalation e JOIN authority a ON a.id = e.authority_id WHERE a.code = $1",
      [w.authority],
    );
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM escalation e JOIN authority a ON a.id = e.authority_id WHERE a.code = $1',
      [w.authority],
    );
    expect(max).toBe(n);
  });

  it('lists newest raised first with filters, team scope and totalCount, paging by cursor', async () => {
    await ok(t, w.chair, RAISE, { i: input({ childId: childB, raisedOn: addCalendarDays(today, -3) }) });
    const all = (await ok(t, w.auditor, LIST, { first: 100 })).escalations;
    const dates = all.edges.map((e: { node: { raisedOn: string } }) => e.node.raisedOn);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(all.totalCount).toBe(all.edges.length);
    const teamB = (await ok(t, w.teamB.manager, LIST, {})).escalations;
    expect(teamB.totalCount).toBe(1);
    expect(teamB.edges[0].node.child.id).toBe(childB);
    expect(await errorCode(t, w.teamB.socialWorker, LIST, { f: { teamId: w.teamA.id } })).toBe('FORBIDDEN');
    const filtered = (
      await ok(t, w.chair, LIST, {
        f: {
          childId: childB,
          status: ['OPEN'],
          stage: 1,
          raisedFrom: addCalendarDays(today, -5),
          raisedTo: today,
          breached: false,
        },
      })
    ).escalations;
    expect(filtered.totalCount).toBe(1);
    let after: string | null = null;
    const seen: string[] = [];
    do {
      const page: any = (await ok(t, w.chair, LIST, { first: 3, after })).escalations;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.edges.map((e: { node: { id: string } }) => e.node.id));
    const child = await ok(t, w.teamA.manager, 'query($id: ID!) { child(id: $id) { escalations { id } } }', {
      id: childA,
    });
    expect(child.child.escalations.length).toBe(all.totalCount - 1);
    expect(
      await errorCode(t, w.teamB.manager, 'query($id: ID!) { escalation(id: $id) { id } }', {
        id: all.edges.find((e: any) => e.node.child.id === childA).node.id,
      }),
    ).toBe('FORBIDDEN');
  });

  it('counts the total only when a client selects totalCount, and then counts it right (issue 17)', async () => {
    const PAGE = `query($f: EscalationFilter, $first: Int, $total: Boolean!) { escalations(filter: $f, first: $first) {
      totalCount @include(if: $total) pageInfo { hasNextPage } edges { node { id } } } }`;
    const filter = { childId: childB };
    for (const days of [-2, -1, 0])
      await ok(t, w.chair, RAISE, {
        i: input({ childId: childB, raisedOn: addCalendarDays(today, days), summary: `Paged ${days}` }),
      });
    // What the list must show, read straight from the table: childB's escalations, newest raised first.
    const expected: { id: string }[] = await t.dataSource.query(
      'SELECT e.id FROM escalation e JOIN authority a ON a.id = e.authority_id WHERE a.code = $1 AND e.child_id = $2 ORDER BY e.raised_on DESC, e.id DESC',
      [w.authority, childB],
    );
    expect(expected.length).toBeGreaterThan(2);
    const spy = spyOnStatements();
    const countStatements = () =>
      spy.sqls().filter((sql) => /count\(\*\)/i.test(sql) && /FROM escalation e/.test(sql)).length;
    try {
      const page = (await ok(t, w.chair, PAGE, { f: filter, first: 2, total: false })).escalations;
      expect(countStatements()).toBe(0);
      expect(page.totalCount).toBeUndefined();
      expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expected.slice(0, 2).map((r) => r.id));
      expect(page.pageInfo.hasNextPage).toBe(true);
      spy.clear();
      const counted = (await ok(t, w.chair, PAGE, { f: filter, first: 2, total: true })).escalations;
      expect(countStatements()).toBe(1);
      expect(counted.totalCount).toBe(expected.length);
      expect(counted.edges).toEqual(page.edges);
    } finally {
      spy.restore();
    }
  });

  it('runs the same number of SQL statements for a page of 5 and a page of 50', async () => {
    while ((await ok(t, w.auditor, LIST, { first: 100 })).escalations.totalCount < 50) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ok(t, w.chair, RAISE, { i: input({ summary: `Bulk ${i}`, childId: i % 2 ? childA : childB }) }),
        ),
      );
    }
    await ok(t, w.auditor, LIST, { first: 1 }); // warm the caller cache
    const spy = spyOnStatements();
    const count = async (first: number) => {
      spy.clear();
      const res = await ok(t, w.auditor, LIST, { first });
      expect(res.escalations.edges).toHaveLength(first);
      return spy.sqls().length;
    };
    const five = await count(5);
    const fifty = await count(50);
    spy.restore();
    expect(fifty).toBe(five);
    // At least the page (its child, raiser, stages, actions and history compiled into it) and the count.
    expect(five).toBeGreaterThanOrEqual(2);
    expect(five).toBeLessThanOrEqual(12);
  });
});
