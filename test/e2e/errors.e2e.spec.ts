import { Role } from '../../src/auth/role';
import { gql, GqlResult, startTestApp, TestApp, tokenFor, uniqueAuthority } from '../helpers/test-app';

const authority = uniqueAuthority();
const auditor = { sub: 'errors-auditor', name: 'Eli Auditor', roles: [Role.AUDITOR], authority };

/** A client's mistake: HTTP 4xx (never 5xx) and every error BAD_USER_INPUT, with nothing internal. */
function expectClientMistake(res: GqlResult): void {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const error of res.errors ?? []) {
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(error.extensions)).toEqual(['code']);
    expect(error.message).not.toMatch(/did you mean|\bat .*\.(ts|js):\d+|node_modules|SELECT /i);
  }
}

describe('errors: a client mistake is BAD_USER_INPUT and never 5xx', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['a syntax error', '{ me { id '],
    ['an unterminated string', '{ me(x: "oops) { id } }'],
    ['an unknown field', '{ me { shoeSize } }'],
    ['an unknown root field', '{ whoami }'],
    ['an unknown argument', '{ me(id: "1") { id } }'],
    ['a missing selection', '{ me }'],
    ['a selection on a scalar', '{ me { id { value } } }'],
    ['an unknown fragment', '{ me { ...Missing } }'],
    ['a fragment cycle', '{ me { ...A } } fragment A on StaffMember { ...B } fragment B on StaffMember { ...A }'],
    ['an unknown directive', '{ me @cached { id } }'],
    ['a mutation where there is none', 'mutation { x }'],
    ['an empty document', ''],
    ['two operations and no operationName', 'query A { me { id } } query B { me { name } }'],
  ])('%s', async (_label, query) => {
    expectClientMistake(await gql(t, auditor, query));
  });

  it.each([
    ['a variable of the wrong type', 'query ($on: Boolean!) { me { id @include(if: $on) } }', { on: 'yes' }],
    ['a missing required variable', 'query ($on: Boolean!) { me { id @include(if: $on) } }', undefined],
    ['a null for a required variable', 'query ($on: Boolean!) { me { id @include(if: $on) } }', { on: null }],
    ['a variable of an unknown type', 'query ($n: Money) { me { id } }', { n: 1 }],
    ['an unused variable', 'query ($n: Boolean) { me { id } }', { n: true }],
  ])('%s', async (_label, query, variables) => {
    expectClientMistake(await gql(t, auditor, query, variables));
  });

  it('an unknown operationName', async () => {
    const res = await t.http
      .post('/graphql')
      .set('authorization', `Bearer ${await tokenFor(auditor)}`)
      .send({ query: 'query A { me { id } }', operationName: 'B' });
    expectClientMistake({ status: res.status, data: res.body.data, errors: res.body.errors });
  });

  it.each([
    ['not JSON at all', 'application/json', '{ "query": '],
    ['JSON that is not an object', 'application/json', '"{ me { id } }"'],
    ['no query', 'application/json', '{}'],
    ['a query that is not a string', 'application/json', '{ "query": { "kind": "Document" } }'],
    ['variables that are not an object', 'application/json', '{ "query": "{ me { id } }", "variables": "x" }'],
    ['an unsupported content type', 'application/xml', '<query/>'],
  ])('a malformed body: %s', async (_label, contentType, body) => {
    const res = await t.http
      .post('/graphql')
      .set('content-type', contentType)
      .set('authorization', `Bearer ${await tokenFor(auditor)}`)
      .send(body);
    expectClientMistake({ status: res.status, data: res.body.data, errors: res.body.errors });
  });

  it('answers the same way without a token: validation comes first', async () => {
    expectClientMistake(await gql(t, null, '{ me { shoeSize } }'));
  });

  it('still answers an honest query afterwards', async () => {
    const res = await gql(t, auditor, '{ me { subject } }');
    expect(res).toMatchObject({ status: 200, data: { me: { subject: 'errors-auditor' } } });
  });
});
