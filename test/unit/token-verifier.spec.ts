import { createServer, Server } from 'node:http';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { TOKEN_CACHE, TokenVerifier } from '../../src/auth/token-verifier';
import { signDevToken } from '../../src/auth/dev-token';
import { Role } from '../../src/auth/role';

// jwtVerify through a spy: a cache hit is an answer without a signature verification.
jest.mock('jose', () => {
  const actual = jest.requireActual('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the mocked module, to count its calls
const jwtVerify = require('jose').jwtVerify as jest.Mock;

const ISSUER = 'https://login.example.test/tenant';
const AUDIENCE = 'api://cp-workflow';
const SECRET = 'token-verifier-spec-secret-0123456789';
const principal = { subject: 'auditor-1', name: 'Ada', roles: [Role.AUDITOR], authority: 'north-shire' };

describe('TokenVerifier: verified tokens kept by their text (issue 17)', () => {
  let server: Server;
  let keys: JWK[] = [];
  let jwksUrl: string;

  beforeAll(async () => {
    server = createServer((_, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys })));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    jwksUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/keys`;
  });
  afterAll(() => new Promise((ok) => server.close(ok)));
  beforeEach(() => {
    jwtVerify.mockClear();
    // Only Date moves: the JWKS fetch keeps its real timers.
    jest.useFakeTimers({
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    jest.setSystemTime(new Date('2026-11-30T10:00:00Z'));
  });
  afterEach(() => jest.useRealTimers());

  const production = () =>
    new TokenVerifier({
      NODE_ENV: 'production',
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_JWKS_URL: jwksUrl,
      AUTH_DEV_SECRET: '',
    });
  const publish = async (publicKey: KeyLike, kid: string) => {
    keys = [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }];
  };
  const sign = (privateKey: KeyLike, kid: string, claims: { exp?: string; nbf?: string } = {}) => {
    let jwt = new SignJWT({ roles: ['AUDITOR'], authority: 'north-shire', name: 'Ada' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject('auditor-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '1h');
    if (claims.nbf) jwt = jwt.setNotBefore(claims.nbf);
    return jwt.sign(privateKey);
  };
  const later = (seconds: number) => jest.setSystemTime(Date.now() + seconds * 1000);

  it('verifies a token once and answers its repeats from the cache, each with its own principal', async () => {
    const ec = await generateKeyPair('ES256');
    await publish(ec.publicKey, 'ec-1');
    const verifier = production();
    const token = await sign(ec.privateKey, 'ec-1');
    const first = await verifier.verifyBearer(`Bearer ${token}`);
    first.roles.push(Role.ADMIN);
    const second = await verifier.verifyBearer(`Bearer ${token}`);
    expect(second).toEqual({ subject: 'auditor-1', name: 'Ada', roles: [Role.AUDITOR], authority: 'north-shire' });
    expect(jwtVerify).toHaveBeenCalledTimes(1);
  });

  it('refuses a cached token once it has expired', async () => {
    const ec = await generateKeyPair('ES256');
    await publish(ec.publicKey, 'ec-1');
    const verifier = production();
    const token = await sign(ec.privateKey, 'ec-1', { exp: '60s' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'auditor-1' });
    later(59);
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'auditor-1' });
    later(1);
    await expect(verifier.verify(token)).rejects.toThrow('The token has expired');
  });

  it('accepts a token only from its nbf, and caches none before', async () => {
    const ec = await generateKeyPair('ES256');
    await publish(ec.publicKey, 'ec-1');
    const verifier = production();
    const token = await sign(ec.privateKey, 'ec-1', { nbf: '30s' });
    await expect(verifier.verify(token)).rejects.toThrow("The token's nbf claim is not accepted");
    later(30);
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'auditor-1' });
  });

  it('drops a cached token when the identity provider rotates its key out, or replaces it under the same kid', async () => {
    const old = await generateKeyPair('ES256');
    const next = await generateKeyPair('ES256');
    await publish(old.publicKey, 'ec-1');
    const verifier = production();
    const token = await sign(old.privateKey, 'ec-1', { exp: '2h' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'auditor-1' });

    // Replaced under the same kid: once jose's JWKS copy is stale (10 minutes), the new key does not verify it.
    await publish(next.publicKey, 'ec-1');
    later(11 * 60);
    await expect(verifier.verify(token)).rejects.toThrow('The token signature does not verify');

    // Rotated out: a new kid only.
    const other = production();
    await publish(old.publicKey, 'ec-1');
    await expect(other.verify(token)).resolves.toMatchObject({ subject: 'auditor-1' });
    await publish(next.publicKey, 'ec-2');
    later(11 * 60);
    await expect(other.verify(token)).rejects.toThrow('The token was signed by an unknown key');
  });

  it('holds a bounded number of tokens, and none longer than the limit', async () => {
    const verifier = new TokenVerifier({ NODE_ENV: 'test', AUTH_DEV_SECRET: SECRET });
    const tokens = await Promise.all(
      Array.from({ length: TOKEN_CACHE.maxEntries + 1 }, (_, i) =>
        signDevToken(SECRET, { ...principal, subject: `staff-${i}` }),
      ),
    );
    for (const token of tokens) await verifier.verify(token);
    jwtVerify.mockClear();
    await verifier.verify(tokens[tokens.length - 1]);
    expect(jwtVerify).toHaveBeenCalledTimes(0);
    await verifier.verify(tokens[0]); // the oldest went first
    expect(jwtVerify).toHaveBeenCalledTimes(1);

    const long = await signDevToken(SECRET, { ...principal, name: 'A'.repeat(TOKEN_CACHE.maxTokenLength) });
    await verifier.verify(long);
    await verifier.verify(long);
    expect(jwtVerify).toHaveBeenCalledTimes(3);
  });
});
