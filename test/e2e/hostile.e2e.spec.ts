/**
 * Issue 12, "trust at the edges": the hostile cases, one per finding, top to bottom.
 * Every test here failed before the issue's changes. Runs on the real date (nothing here depends on it).
 */
import { SignJWT } from 'jose';
import { Role } from '../../src/auth/role';
import { errorCode, gql, ok, Person, startTestApp, TEST_SECRET, TestApp, tokenFor } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

const secret = new TextEncoder().encode(TEST_SECRET);
const sign = (claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (j) => j) =>
  build(new SignJWT({ name: 'Hostile', roles: ['CHAIR'], ...claims }).setProtectedHeader({ alg: 'HS256' })).sign(secret);

describe('hostile: tokens', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'hostile-tok');
  });
  afterAll(() => t.close());

  const meWith = (token: string) => gql(t, `Bearer ${token}`, '{ me { id } }');

  it('refuses a token without exp', async () => {
    const token = await sign({ authority: w.authority }, (j) => j.setSubject('no-exp').setIssuedAt());
    expect((await meWith(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token that lives longer than AUTH_MAX_TOKEN_AGE (12 h by default), with or without iat', async () => {
    const century = await sign({ authority: w.authority }, (j) => j.setSubject('long').setIssuedAt().setExpirationTime('100y'));
    const noIat = await sign({ authority: w.authority }, (j) => j.setSubject('long').setExpirationTime('13h'));
    for (const token of [century, noIat]) expect((await meWith(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const twelveHours = await sign({ authority: w.authority }, (j) => j.setSubject('long').setIssuedAt().setExpirationTime('12h'));
    expect((await meWith(twelveHours)).errors).toBeUndefined();
  });

  it('refuses NUL and other control characters in any claim as UNAUTHENTICATED, never BAD_USER_INPUT', async () => {
    for (const [sub, name] of [['nul\u0000sub', 'x'], ['tab', 'Bad\u0007Name'], ['esc\u001b', 'x']]) {
      const token = await sign({ authority: w.authority, name }, (j) => j.setSubject(sub).setIssuedAt().setExpirationTime('1h'));
      expect((await meWith(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('with no AUTH_ISSUER, accepts a dev token without iss, and still refuses a foreign iss', async () => {
    const noIss = await sign({ authority: w.authority }, (j) => j.setSubject('no-iss').setIssuedAt().setExpirationTime('1h'));
    expect((await meWith(noIss)).errors).toBeUndefined();
    expect(await errorCode(t, `Bearer ${await tokenFor(w.chair, { issuer: 'someone-else' })}`, '{ me { id } }')).toBe('UNAUTHENTICATED');
  });

  it('with AUTH_ISSUER configured, requires it', async () => {
    const strict = await startTestApp({ AUTH_ISSUER: 'https://idp.example.test' });
    try {
      const person: Person = { sub: 'iss-check', roles: [Role.CHAIR], authority: w.authority };
      expect(await errorCode(strict, person, '{ me { id } }')).toBe('UNAUTHENTICATED');
      const noIss = await sign({ authority: w.authority }, (j) => j.setSubject('iss-check').setIssuedAt().setExpirationTime('1h'));
      expect(await errorCode(strict, `Bearer ${noIss}`, '{ me { id } }')).toBe('UNAUTHENTICATED');
      await ok(strict, `Bearer ${await tokenFor(person, { issuer: 'https://idp.example.test' })}`, '{ me { id } }');
    } finally {
      await strict.close();
    }
  });
});
