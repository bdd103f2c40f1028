import { generateKeyPair, exportJWK, GenerateKeyPairResult, KeyLike, SignJWT, UnsecuredJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { Role } from '../../src/auth/role';
import { gql, ok, startTestApp, TestApp, tokenFor, uniqueAuthority, TEST_SECRET } from '../helpers/test-app';

const ME = '{ me { id subject name roles } }';

describe('authentication (dev HS256 tokens)', () => {
  let t: TestApp;
  const authority = uniqueAuthority();
  const chair = { sub: 'chair-1', name: 'Casey Chair', roles: [Role.CHAIR], authority };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates the staff member on first sight and returns it from me', async () => {
    const first = await ok(t, chair, ME);
    expect(first.me).toMatchObject({ subject: 'chair-1', name: 'Casey Chair', roles: ['CHAIR'] });
    const again = await ok(t, chair, ME);
    expect(again.me.id).toBe(first.me.id);
    const rows = await t.dataSource.query(
      'SELECT count(*) AS n FROM staff_member s JOIN authority a ON a.id = s.authority_id WHERE a.code = $1',
      [authority],
    );
    expect(rows[0].n).toBe(1);
  });

  it('takes roles from the token every time', async () => {
    await ok(t, { ...chair, roles: [Role.CHAIR, Role.ADMIN] }, ME);
    const me = await ok(t, { ...chair, roles: [Role.CHAIR, Role.ADMIN] }, ME);
    expect(me.me.roles.sort()).toEqual(['ADMIN', 'CHAIR']);
  });

  const refused = async (authorization: string | null) => {
    const res = await gql(t, authorization, ME);
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  };

  it('refuses a request without a token', () => refused(null));
  it('refuses a malformed header', async () => refused(`Token ${await tokenFor(chair)}`));
  it('refuses garbage', () => refused('Bearer not.a.jwt'));
  it('refuses alg none', async () => {
    const unsigned = new UnsecuredJWT({ roles: ['ADMIN'], authority, name: 'x' })
      .setSubject('evil')
      .setIssuer('cp-workflow-dev')
      .setExpirationTime('1h')
      .encode();
    await refused(`Bearer ${unsigned}`);
  });
  it('refuses a wrong signature', async () => {
    const forged = await new SignJWT({ roles: ['ADMIN'], authority, name: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('evil')
      .setIssuer('cp-workflow-dev')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET.replace('test', 'fake')));
    await refused(`Bearer ${forged}`);
  });
  it('refuses an expired token', async () => refused(`Bearer ${await tokenFor(chair, { expiresIn: '-1m' })}`));
  it('refuses a wrong issuer', async () => refused(`Bearer ${await tokenFor(chair, { issuer: 'someone-else' })}`));
  it('refuses unknown roles and a missing authority', async () => {
    const token = await new SignJWT({ roles: ['GOD'], authority, name: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('cp-workflow-dev')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET));
    await refused(`Bearer ${token}`);
    const noAuthority = await new SignJWT({ roles: ['CHAIR'], name: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('cp-workflow-dev')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET));
    await refused(`Bearer ${noAuthority}`);
  });
});

describe('authentication (production: RS256 and ES256 against a JWKS)', () => {
  let t: TestApp;
  let jwksServer: Server;
  const authority = uniqueAuthority();
  let rsa: GenerateKeyPairResult<KeyLike>;
  let ec: GenerateKeyPairResult<KeyLike>;
  const ISSUER = 'https://login.example.test/tenant/v2.0';
  const AUDIENCE = 'api://cp-workflow';

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwksServer = createServer((_, res) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys })),
    );
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const port = (jwksServer.address() as { port: number }).port;
    t = await startTestApp({
      NODE_ENV: 'production',
      AUTH_DEV_SECRET: '',
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/keys`,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => jwksServer.close(r));
  });

  const sign = (alg: 'RS256' | 'ES256', claims: { iss?: string; aud?: string; exp?: string } = {}) =>
    new SignJWT({ roles: ['AUDITOR'], authority, name: 'Ada Auditor' })
      .setProtectedHeader({ alg, kid: alg === 'RS256' ? 'rsa-1' : 'ec-1' })
      .setSubject('auditor-1')
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setExpirationTime(claims.exp ?? '10m')
      .sign(alg === 'RS256' ? rsa.privateKey : ec.privateKey);

  it('accepts RS256 and ES256 tokens from the identity provider', async () => {
    expect((await ok(t, `Bearer ${await sign('RS256')}`, ME)).me.subject).toBe('auditor-1');
    expect((await ok(t, `Bearer ${await sign('ES256')}`, ME)).me.subject).toBe('auditor-1');
  });
  it('refuses a wrong audience, a wrong issuer and an expired token', async () => {
    for (const token of [
      await sign('RS256', { aud: 'api://other' }),
      await sign('RS256', { iss: 'https://evil.test' }),
      await sign('ES256', { exp: '-5m' }),
    ]) {
      const res = await gql(t, `Bearer ${token}`, ME);
      expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });
  it('refuses dev tokens in production', async () => {
    const res = await gql(t, { sub: 'x', roles: [Role.ADMIN], authority }, ME);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
