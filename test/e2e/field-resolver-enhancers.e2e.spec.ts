import { ValidationPipe } from '@nestjs/common';
import { AuthGuard } from '../../src/auth/auth.guard';
import { testToday } from '../helpers/test-clock';
import { errorCode, gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// Issue 17, cause 3: validation runs on the caller's @Args only, and the guard at root operations
// only; a field resolver taking only @Parent/@Context is called directly
// (src/graphql/fast-field-resolvers.ts), without Nest's per-call pipes and promise chain. Authorisation stays at the
// root and in the loaders' own authority scoping.
const RAISE = 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id reference } }';
const PAGE = `{ escalations(first: 50) { edges { node {
  id reference status child { id caseReference } raisedBy { id name }
  stages { stage assignedRole assignedTo { id name } } actions { id owner { id } }
  history { action actor { id name } } } } } }`;

describe('field resolvers run without per-field pipes and guards', () => {
  let t: TestApp;
  let w: World;
  let child: string;
  const guard = jest.spyOn(AuthGuard.prototype, 'canActivate');
  const validate = jest.spyOn(ValidationPipe.prototype, 'transform');
  const input = (extra: Record<string, unknown> = {}) => ({
    childId: child,
    concern: 'VISITS_OVERDUE',
    summary: 'Visits overdue',
    raisedOn: testToday(),
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'fre');
    child = await w.child(w.teamA);
    for (let i = 0; i < 3; i++) await ok(t, w.chair, RAISE, { i: input({ summary: `Visits overdue ${i}` }) });
  });
  afterAll(async () => {
    guard.mockRestore();
    validate.mockRestore();
    await t.close();
  });

  it('an auditor page of nested fields: one guard call and no validation, however many fields resolve', async () => {
    guard.mockClear();
    validate.mockClear();
    const page = await ok(t, w.auditor, PAGE);
    const edges = page.escalations.edges as {
      node: { child: { id: string }; stages: unknown[]; history: unknown[] };
    }[];
    expect(edges.length).toBe(3);
    for (const e of edges) {
      expect(e.node.child.id).toBe(child);
      expect(e.node.stages.length).toBeGreaterThan(0);
      expect(e.node.history.length).toBeGreaterThan(0);
    }
    // escalations is the only root field: the guard ran once, not per child/stage/history resolver
    expect(guard).toHaveBeenCalledTimes(1);
    // the global ValidationPipe saw the root's parameters only (GraphQL @Args reach pipes as 'body',
    // @Context as 'custom'), as often for one escalation as for three: before issue 17 it was called
    // for each field resolver's @Parent and @Context, on every row
    const calls = validate.mock.calls.length;
    expect(validate.mock.calls.map(([, metadata]) => metadata.type)).toContain('body');
    validate.mockClear();
    await ok(t, w.auditor, PAGE.replace('first: 50', 'first: 1'));
    expect(validate).toHaveBeenCalledTimes(calls);
  });

  it('invalid @Args are still refused with the typed error, naming the field', async () => {
    const res = await gql(t, w.chair, RAISE, { i: input({ summary: '   ' }) });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'summary' }] });
    const long = await gql(t, w.chair, RAISE, { i: input({ summary: 'x'.repeat(10_001) }) });
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'summary' }] });
  });

  it('an unauthorised root is still refused, and no token is refused before anything resolves', async () => {
    expect(await errorCode(t, w.auditor, RAISE, { i: input() })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.teamA.manager, RAISE, { i: input() })).toBe('FORBIDDEN');
    expect(await errorCode(t, null, PAGE)).toBe('UNAUTHENTICATED');
  });
});
