import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvValidationError, validateEnv } from '../../src/config/env';

const SECRET = 'a-development-secret-of-32-chars!';
const AUDIT_KEY = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const PRODUCTION = {
  NODE_ENV: 'production',
  AUTH_ISSUER: 'https://login.example.test/t/v2.0',
  AUTH_AUDIENCE: 'api://cp-workflow',
  AUTH_JWKS_URL: 'https://login.example.test/keys',
  AUDIT_SIGNING_KEY: AUDIT_KEY,
};

/** The message of the refusal, failing the test when the environment is accepted. */
function refusal(raw: Record<string, string | undefined>): string {
  try {
    validateEnv(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvValidationError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

describe('validateEnv', () => {
  it('fills the documented defaults; an unset or blank NODE_ENV is development', () => {
    for (const NODE_ENV of [undefined, '']) {
      const env = validateEnv({ NODE_ENV, AUTH_DEV_SECRET: SECRET, PORT: '' });
      expect(env).toMatchObject({
        PORT: 3000,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        SWEEP_INTERVAL_MINUTES: 5,
        AUTH_DEV_SECRET: SECRET,
      });
      expect(env.DATABASE_URL).toBeUndefined();
    }
  });

  it('keeps only its own variables', () => {
    const env = validateEnv({ AUTH_DEV_SECRET: SECRET, HOME: '/root', PATH: '/bin' }) as unknown as Record<
      string,
      unknown
    >;
    expect(env.HOME).toBeUndefined();
    expect(env.PATH).toBeUndefined();
  });

  it.each(['abc', '70000', '-1', '3.5', '0x50', '1e3'])('refuses PORT=%s, naming PORT', (PORT) => {
    expect(refusal({ AUTH_DEV_SECRET: SECRET, PORT })).toBe(
      'Invalid configuration: PORT must be a whole number from 0 to 65535',
    );
  });

  it('reads a PORT', () => {
    expect(validateEnv({ AUTH_DEV_SECRET: SECRET, PORT: '8080' }).PORT).toBe(8080);
  });

  it.each(['prod', 'Production', 'staging'])('refuses NODE_ENV=%s, naming NODE_ENV', (NODE_ENV) => {
    expect(refusal({ AUTH_DEV_SECRET: SECRET, NODE_ENV })).toMatch(
      /NODE_ENV must be one of development, test, production/,
    );
  });

  it.each(['mysql://db/app', 'not a url', 'http://db:5432/app', 'postgres://user@/db'])(
    'refuses DATABASE_URL=%s, naming DATABASE_URL',
    (DATABASE_URL) => {
      expect(refusal({ AUTH_DEV_SECRET: SECRET, DATABASE_URL })).toMatch(/DATABASE_URL must be a postgres:\/\//);
    },
  );

  it.each([
    'postgres://postgres@127.0.0.1:5432/postgres',
    'postgresql://app:s3cr%40t@db.internal:5432/app?sslmode=require',
    'postgres://app@my_db:5432/app',
    'postgres:///app?host=/var/run/postgresql',
    'postgres://u:p@[::1]:5432/db',
  ])('accepts DATABASE_URL=%s', (DATABASE_URL) => {
    expect(validateEnv({ AUTH_DEV_SECRET: SECRET, DATABASE_URL }).DATABASE_URL).toBe(DATABASE_URL);
  });

  it('refuses AUTH_DEV_SECRET when NODE_ENV=production', () => {
    expect(refusal({ ...PRODUCTION, AUTH_DEV_SECRET: SECRET })).toBe(
      'Invalid configuration: AUTH_DEV_SECRET is refused when NODE_ENV=production',
    );
  });

  it('requires every AUTH_* variable in production, naming each missing one', () => {
    const message = refusal({ NODE_ENV: 'production' });
    for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'])
      expect(message).toContain(`${name} is required when NODE_ENV=production`);
    expect(refusal({ ...PRODUCTION, AUTH_AUDIENCE: '' })).toBe(
      'Invalid configuration: AUTH_AUDIENCE is required when NODE_ENV=production',
    );
  });

  it('accepts a complete production configuration without a dev secret (blank counts as unset)', () => {
    const env = validateEnv({ ...PRODUCTION, AUTH_DEV_SECRET: '' });
    expect(env).toMatchObject({ ...PRODUCTION, NODE_ENV: 'production' });
    expect(env.AUTH_DEV_SECRET).toBeUndefined();
  });

  it('refuses a JWKS URL that is not http(s)', () => {
    expect(refusal({ ...PRODUCTION, AUTH_JWKS_URL: 'ftp://keys.example.test/keys' })).toBe(
      'Invalid configuration: AUTH_JWKS_URL must be an http(s) URL',
    );
  });

  it('refuses a short dev secret, naming AUTH_DEV_SECRET', () => {
    expect(refusal({ AUTH_DEV_SECRET: 'too-short' })).toBe(
      'Invalid configuration: AUTH_DEV_SECRET must be at least 32 characters',
    );
  });

  it('needs a way to verify tokens outside production', () => {
    expect(refusal({ NODE_ENV: 'test' })).toMatch(
      /AUTH_DEV_SECRET \(or AUTH_JWKS_URL\) is required outside production/,
    );
    expect(validateEnv({ NODE_ENV: 'development', AUTH_JWKS_URL: 'http://127.0.0.1:8080/keys' }).AUTH_JWKS_URL).toBe(
      'http://127.0.0.1:8080/keys',
    );
  });

  it('refuses a bad LOG_LEVEL and SWEEP_INTERVAL_MINUTES, naming each', () => {
    expect(refusal({ AUTH_DEV_SECRET: SECRET, LOG_LEVEL: 'verbose' })).toMatch(/LOG_LEVEL must be a pino level/);
    expect(refusal({ AUTH_DEV_SECRET: SECRET, SWEEP_INTERVAL_MINUTES: '-5' })).toMatch(
      /SWEEP_INTERVAL_MINUTES must be a whole number/,
    );
    expect(validateEnv({ AUTH_DEV_SECRET: SECRET, SWEEP_INTERVAL_MINUTES: '0' }).SWEEP_INTERVAL_MINUTES).toBe(0);
  });

  it('reads the issue 16 settings: metrics off the public port, email with a link base in production', () => {
    const env = validateEnv({
      AUTH_DEV_SECRET: SECRET,
      METRICS_PORT: '9464',
      SMTP_URL: 'smtp://user:pass@mail.example.test:587',
      PUBLIC_URL: 'https://cp.example.test',
    });
    expect(env).toMatchObject({
      METRICS_PORT: 9464,
      METRICS_HOST: '127.0.0.1',
      SMTP_URL: 'smtp://user:pass@mail.example.test:587',
      PUBLIC_URL: 'https://cp.example.test',
      DELIVERY_POLL_MS: 1000,
      DELIVERY_MAX_ATTEMPTS: 8,
    });
    expect(validateEnv({ AUTH_DEV_SECRET: SECRET }).METRICS_PORT).toBeUndefined();
    expect(refusal({ AUTH_DEV_SECRET: SECRET, METRICS_PORT: '3000' })).toMatch(/METRICS_PORT must differ from PORT/);
    expect(refusal({ AUTH_DEV_SECRET: SECRET, METRICS_PORT: 'x' })).toMatch(/METRICS_PORT must be a whole number/);
    expect(refusal({ AUTH_DEV_SECRET: SECRET, SMTP_URL: 'https://mail.example.test' })).toMatch(
      /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(refusal({ ...PRODUCTION, SMTP_URL: 'smtps://mail.example.test' })).toMatch(
      /PUBLIC_URL is required with SMTP_URL/,
    );
  });

  it('reports every bad variable at once', () => {
    const message = refusal({ PORT: 'x', NODE_ENV: 'prod', DATABASE_URL: 'mysql://x/y', AUTH_DEV_SECRET: 'short' });
    for (const name of ['PORT', 'NODE_ENV', 'DATABASE_URL', 'AUTH_DEV_SECRET']) expect(message).toContain(name);
  });

  it('requires AUDIT_SIGNING_KEY in production, as a PEM or a file holding an Ed25519 key (issue 13)', () => {
    expect(refusal({ ...PRODUCTION, AUDIT_SIGNING_KEY: '' })).toBe(
      'Invalid configuration: AUDIT_SIGNING_KEY is required when NODE_ENV=production',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'audit-key-')), 'key.pem');
    writeFileSync(file, AUDIT_KEY);
    expect(validateEnv({ ...PRODUCTION, AUDIT_SIGNING_KEY: file }).AUDIT_SIGNING_KEY).toBe(file);
    expect(refusal({ ...PRODUCTION, AUDIT_SIGNING_KEY: '/no/such/key.pem' })).toMatch(
      /AUDIT_SIGNING_KEY is neither a PEM nor a readable file/,
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(refusal({ ...PRODUCTION, AUDIT_SIGNING_KEY: rsa })).toMatch(/AUDIT_SIGNING_KEY must be an Ed25519 key/);
    expect(refusal({ ...PRODUCTION, AUDIT_PREVIOUS_KEYS: '{"keys": 1}' })).toMatch(
      /AUDIT_PREVIOUS_KEYS must be a JWK set/,
    );
  });

  it('signs a checkpoint every 60 minutes by default; 0 turns it off', () => {
    expect(validateEnv({ AUTH_DEV_SECRET: SECRET }).AUDIT_CHECKPOINT_MINUTES).toBe(60);
    expect(validateEnv({ AUTH_DEV_SECRET: SECRET, AUDIT_CHECKPOINT_MINUTES: '0' }).AUDIT_CHECKPOINT_MINUTES).toBe(0);
    expect(refusal({ AUTH_DEV_SECRET: SECRET, AUDIT_CHECKPOINT_MINUTES: 'hourly' })).toMatch(
      /AUDIT_CHECKPOINT_MINUTES must be a whole number/,
    );
  });
});
