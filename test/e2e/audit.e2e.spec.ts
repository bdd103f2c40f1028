import { buildWorld, World } from '../helpers/world';
import { errorCode, gql, ok, startTestApp, TestApp } from '../helpers/test-app';

const EVENTS = `query($first: Int, $after: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    edges { cursor node { sequence entityType entityId action hash previousHash actor { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const VERIFY = '{ verifyAuditChain { valid eventsChecked firstInvalidSequence } }';

interface Page {
  auditEvents: {
    edges: {
      node: { sequence: number; entityId: string; action: string; hash: string; previousHash: string | null };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('audit trail through GraphQL', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'aud');
  });
  afterAll(() => t.close());

  it('pages the whole chain in order with first/after, with no gaps or repeats', async () => {
    const seen: Page['auditEvents']['edges'][number]['node'][] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const data: Page = await ok(t, w.auditor, EVENTS, { first: 3, after });
      expect(data.auditEvents.edges.length).toBeLessThanOrEqual(3);
      seen.push(...data.auditEvents.edges.map((e) => e.node));
      if (!data.auditEvents.pageInfo.hasNextPage) break;
      after = data.auditEvents.pageInfo.endCursor;
    }
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.map((e) => e.sequence)).toEqual(seen.map((_, i) => i + 1));
    seen.forEach((e, i) => expect(e.previousHash).toBe(i === 0 ? null : seen[i - 1].hash));
    const verification = await ok(t, w.auditor, VERIFY);
    expect(verification.verifyAuditChain).toEqual({
      valid: true,
      eventsChecked: expect.any(Number),
      firstInvalidSequence: null,
    });
    expect(verification.verifyAuditChain.eventsChecked).toBeGreaterThanOrEqual(seen.length);
  });

  it("filters by entityId: a child's own history, its actor resolved", async () => {
    const childId = await w.child(w.teamA);
    const data = await ok(t, w.auditor, EVENTS, { filter: { entityId: childId } });
    expect(data.auditEvents.edges.map((e: any) => [e.node.entityType, e.node.entityId, e.node.action])).toEqual([
      ['Child', childId, 'CHILD_REGISTERED'],
    ]);
    expect(data.auditEvents.edges[0].node.actor).toEqual({ id: expect.any(String) });
    expect(data.auditEvents.pageInfo).toEqual({ hasNextPage: false, endCursor: data.auditEvents.edges[0].cursor });
  });

  it('refuses a bad page size or a cursor that is not one of this list as BAD_USER_INPUT', async () => {
    expect(await errorCode(t, w.auditor, EVENTS, { first: 0 })).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.auditor, EVENTS, { first: 101 })).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.auditor, EVENTS, { after: 'not a cursor' })).toBe('BAD_USER_INPUT');
    for (const forged of [['x'], [1.5], [-1]]) {
      expect(
        await errorCode(t, w.auditor, EVENTS, { after: Buffer.from(JSON.stringify(forged)).toString('base64url') }),
      ).toBe('BAD_USER_INPUT');
    }
  });

  it('shows an authority only its own chain', async () => {
    const other = await buildWorld(t, 'aud2');
    const childId = await w.child(w.teamA);
    const data = await ok(t, other.auditor, EVENTS, { filter: { entityId: childId } });
    expect(data.auditEvents.edges).toEqual([]);
  });

  it('is for AUDITOR and ADMIN: a CHAIR or team staff get FORBIDDEN', async () => {
    expect((await ok(t, w.admin, VERIFY)).verifyAuditChain.valid).toBe(true);
    expect((await ok(t, w.admin, EVENTS, { first: 1 })).auditEvents.edges).toHaveLength(1);
    for (const who of [w.chair, w.teamA.manager, w.teamA.socialWorker, w.director]) {
      const events = await gql(t, who, EVENTS, { first: 1 });
      expect(events.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(events.data).toBeNull();
      expect(await errorCode(t, who, VERIFY)).toBe('FORBIDDEN');
    }
  });
});
