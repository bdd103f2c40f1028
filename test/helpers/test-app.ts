import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { signDevToken } from '../../src/auth/dev-token';
import { Role } from '../../src/auth/role';
import { testToday } from './test-clock';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
/** The run's audit checkpoint signing key (issue 13): required in production, and no file under .data. */
export const TEST_AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the suite through jest with test/global-setup.ts');
  return url;
}

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  url: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** The real application on a real port, against the run's migrated database, its clock on `testToday()` unless the caller gives `CLOCK_TODAY`. */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  options: { logStream?: { write(line: string): void } } = {},
): Promise<TestApp> {
  // Production refuses CLOCK_TODAY, so the production-mode suites run on the real clock: they
  // test the edges (tokens, guard rails, health), never a date.
  const clock = env.NODE_ENV === 'production' ? {} : { CLOCK_TODAY: testToday() };
  const app = await createApp({
    ...options,
    databaseUrl: testDatabaseUrl(),
    // No background work unless a suite asks for it (the sweep and the delivery worker): it would
    // run statements in the middle of another test's counts.
    // The race tests fire a dozen requests at once as one person, and the big fixtures hundreds a
    // minute: far above the production limits, which test/e2e/hostile.e2e.spec.ts tests on purpose.
    env: {
      NODE_ENV: 'test',
      AUTH_DEV_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_MINUTES: '0',
      DELIVERY_POLL_MS: '0',
      RATE_LIMIT_CONCURRENT: '100',
      RATE_LIMIT_PER_MINUTE: '1000000',
      AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY,
      AUDIT_CHECKPOINT_MINUTES: '0',
      ...clock,
      ...env,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return { app, http: request(url), url, dataSource: app.get(DataSource), close: () => app.close() };
}

/** A fresh authority code per test file, so files never see each other's records. */
export const uniqueAuthority = (prefix = 'la') => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface Person {
  sub: string;
  name?: string;
  roles: Role[];
  authority: string;
}

export const tokenFor = (p: Person, options: Parameters<typeof signDevToken>[2] = {}) =>
  signDevToken(TEST_SECRET, { subject: p.sub, name: p.name ?? p.sub, roles: p.roles, authority: p.authority }, options);

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; [k: string]: unknown } }[];
}

/** POSTs one operation as the given person (or with a raw Authorization header). */
export async function gql<T = Record<string, any>>(
  t: TestApp,
  who: Person | string | null,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const auth = who === null ? undefined : typeof who === 'string' ? who : `Bearer ${await tokenFor(who)}`;
  let req = t.http.post('/graphql').set('content-type', 'application/json');
  if (auth) req = req.set('authorization', auth);
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  const res = await req.send({ query, variables });
  return { status: res.status, data: res.body?.data ?? null, errors: res.body?.errors };
}

/** The data of a call that must succeed; fails the test with the errors otherwise. */
export async function ok<T = Record<string, any>>(...args: Parameters<typeof gql>): Promise<T> {
  const result = await gql<T>(...args);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 1)}`);
  return result.data as T;
}

/** The code of the first error of a call that must fail. */
export async function errorCode(...args: Parameters<typeof gql>): Promise<string> {
  const result = await gql(...args);
  if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  return result.errors[0].extensions.code;
}
