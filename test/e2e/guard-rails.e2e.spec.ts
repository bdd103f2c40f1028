import WebSocket from 'ws';
import { Role } from '../../src/auth/role';
import { GUARD_RAILS } from '../../src/graphql/guard-rails';
import { gql, GqlResult, ok, startTestApp, TestApp, tokenFor, uniqueAuthority } from '../helpers/test-app';

const authority = uniqueAuthority();
const chair = { sub: 'guard-chair', name: 'Gale Chair', roles: [Role.CHAIR], authority };

/** A refusal of the whole request: HTTP 4xx, no data, every error BAD_USER_INPUT. */
function expectRefused(res: GqlResult, status = 400): void {
  expect(res.status).toBe(status);
  expect(res.data).toBeNull();
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const error of res.errors ?? []) expect(error.extensions.code).toBe('BAD_USER_INPUT');
}

const messages = (res: GqlResult) => (res.errors ?? []).map((e) => e.message).join('\n');

describe('guard rails (development and test)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers an honest query', async () => {
    expect((await ok(t, chair, '{ me { subject } }')).me.subject).toBe('guard-chair');
  });

  it(`refuses an alias flood (more than ${GUARD_RAILS.maxAliases} aliases of me)`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    expect(Object.keys(await ok(t, chair, aliases(GUARD_RAILS.maxAliases)))).toHaveLength(GUARD_RAILS.maxAliases);
    const res = await gql(t, chair, aliases(100));
    expectRefused(res);
    expect(messages(res)).toMatch(/Aliases limit of 30 exceeded/);
  });

  it(`refuses a token flood (more than ${GUARD_RAILS.maxTokens} tokens) before parsing`, async () => {
    const res = await gql(t, chair, `{ me { ${'id '.repeat(GUARD_RAILS.maxTokens)}} }`);
    expectRefused(res);
    expect(messages(res)).toBe(`Query has more than ${GUARD_RAILS.maxTokens} tokens`);
  });

  it(`refuses a query deeper than ${GUARD_RAILS.maxDepth} levels, made of real schema fields`, async () => {
    // The contract's Child.conferences and Conference.children make a cycle: child > conferences >
    // children > conferences > ... is valid GraphQL at any depth. The leaf `id` counts as a level.
    const deep = (levels: number) => {
      const middle = Array.from({ length: levels - 2 }, (_, i) => (i % 2 === 0 ? 'conferences' : 'children'));
      return `{ child(id: "00000000-0000-4000-8000-000000000000") { ${middle.join(' { ')} { id${' }'.repeat(middle.length)} } }`;
    };
    const admin = { ...chair, sub: 'guard-admin', roles: [Role.ADMIN] };
    const atLimit = await gql(t, admin, deep(GUARD_RAILS.maxDepth));
    expect(atLimit.status).toBe(200);
    expect((atLimit.errors ?? []).filter((e) => e.extensions.code === 'BAD_USER_INPUT')).toEqual([]);
    const res = await gql(t, admin, deep(GUARD_RAILS.maxDepth + 1));
    expectRefused(res);
    expect(messages(res)).toMatch(
      new RegExp(`depth limit of ${GUARD_RAILS.maxDepth} exceeded, found ${GUARD_RAILS.maxDepth + 1}`),
    );
  });

  it('applies the depth limit before looking the fields up', async () => {
    const res = await gql(
      t,
      chair,
      `{ me ${'{ manager '.repeat(GUARD_RAILS.maxDepth + 2)}{ id }${' }'.repeat(GUARD_RAILS.maxDepth + 2)} }`,
    );
    expectRefused(res);
    expect(messages(res)).toMatch(new RegExp(`depth limit of ${GUARD_RAILS.maxDepth} exceeded`));
  });

  it('refuses a batched (array) body', async () => {
    const res = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${await tokenFor(chair)}`)
      .send([{ query: '{ me { id } }' }, { query: '{ me { name } }' }]);
    expectRefused({ status: res.status, data: res.body.data, errors: res.body.errors });
    expect(res.body.errors[0].message).toBe('Batched operations are not accepted');
  });

  it('refuses GraphQL over GET and HEAD with 405, pointing to POST', async () => {
    const token = `Bearer ${await tokenFor(chair)}`;
    const get = await t.http.get('/graphql').query({ query: '{ me { id } }' }).set('authorization', token);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.body).toEqual({
      data: null,
      errors: [{ message: 'GraphQL is served over POST only', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const head = await t.http.head('/graphql').query({ query: '{ me { id } }' }).set('authorization', token);
    expect(head.status).toBe(405);
    // Without Connection: Upgrade this is no WebSocket handshake, just a GET wearing a header.
    const disguised = await t.http
      .get('/graphql')
      .query({ query: '{ me { id } }' })
      .set('authorization', token)
      .set('upgrade', 'websocket');
    expect(disguised.status).toBe(405);
  });

  it('still accepts the WebSocket upgrade that carries subscriptions (graphql-transport-ws)', async () => {
    const handshake = (payload: Record<string, unknown>) =>
      new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
        ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload })));
        ws.on('message', (message) => {
          resolve(JSON.parse(message.toString()).type);
          ws.close();
        });
        ws.on('error', reject);
      });
    expect(await handshake({ authorization: `Bearer ${await tokenFor(chair)}` })).toBe('connection_ack');
    expect(await handshake({})).toBe('connection_error');
  });

  it('refuses an oversized body with 413 and a GraphQL error body, never 5xx', async () => {
    const padding = 'x'.repeat(GUARD_RAILS.bodyLimitBytes + 1024);
    for (const body of [JSON.stringify({ query: '{ me { id } }', variables: { padding } }), padding]) {
      const res = await t.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${await tokenFor(chair)}`)
        .send(body);
      expect(res.status).toBe(413);
      expect(res.body.data).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toBe('Request body is too large');
    }
  });

  it('refuses a JSON-encoded document instead of GraphQL text', async () => {
    for (const query of ['5', JSON.stringify({ kind: 'Document', definitions: [{ kind: 'OperationDefinition' }] })]) {
      const res = await gql(t, chair, query);
      expectRefused(res);
      expect(messages(res)).toBe('The query must be GraphQL source text');
    }
  });

  it('never suggests field names ("Did you mean")', async () => {
    for (const query of [
      '{ mee { id } }',
      '{ me { nam } }',
      '{ me { subjects } }',
      'query { me { id ...on StaffMembr { name } } }',
    ]) {
      const res = await gql(t, chair, query);
      expectRefused(res);
      expect(messages(res)).not.toMatch(/did you mean/i);
    }
  });

  it('allows introspection outside production', async () => {
    expect((await ok(t, chair, '{ __schema { queryType { name } } }')).__schema.queryType.name).toBe('Query');
  });
});

describe('guard rails in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      NODE_ENV: 'production',
      AUTH_DEV_SECRET: '',
      AUTH_JWKS_URL: 'http://127.0.0.1:9/keys',
      AUTH_ISSUER: 'x',
      AUTH_AUDIENCE: 'y',
    });
  });
  afterAll(() => t.close());

  it('refuses introspection, before and regardless of authentication', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "StaffMember") { fields { name } } }']) {
      const res = await gql(t, null, query);
      expectRefused(res);
      expect(messages(res)).toMatch(/introspection has been disabled/);
    }
  });

  it('does not serve GraphiQL', async () => {
    expect((await t.http.get('/graphiql')).status).toBe(404);
    expect((await t.http.get('/graphiql.html')).status).toBe(404);
    expect((await t.http.get('/graphiql/assets/graphiql.js')).status).toBe(404);
  });

  it('keeps the other guard rails', async () => {
    expectRefused(await gql(t, null, `{ ${Array.from({ length: 40 }, (_, i) => `m${i}: me { id }`).join(' ')} }`));
    expect((await t.http.get('/graphql').query({ query: '{ me { id } }' })).status).toBe(405);
  });

  it('asks for a token for an honest query (no dev tokens accepted)', async () => {
    const res = await gql(t, chair, '{ me { id } }');
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('GraphiQL in development', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'development' });
  });
  afterAll(() => t.close());

  it('is served at /graphiql', async () => {
    const res = await t.http.get('/graphiql');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('GraphiQL');
  });
});
