import { startTestApp, TestApp } from '../helpers/test-app';

describe('health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('says the process is alive, without a token', async () => {
    const res = await t.http.get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('says it is ready when the database answers, without a token', async () => {
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('ignores a bad token: health is public', async () => {
    const res = await t.http.get('/health/ready').set('authorization', 'Bearer not.a.jwt');
    expect(res.status).toBe(200);
  });

  it('answers an unknown path with 404, not an error', async () => {
    expect((await t.http.get('/health/nope')).status).toBe(404);
  });
});

describe('health in production', () => {
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

  it('needs no token either', async () => {
    expect((await t.http.get('/health/live')).status).toBe(200);
    expect((await t.http.get('/health/ready')).status).toBe(200);
  });
});

describe('readiness without a database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('turns not ready (503) when the database is gone, while liveness stays 200', async () => {
    await t.dataSource.destroy();
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('error');
    expect(JSON.stringify(ready.body)).not.toMatch(/postgres:\/\/|password|at .*\.ts/);
    expect((await t.http.get('/health/live')).status).toBe(200);
  });
});

describe('request ids', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("answers with the caller's sane x-request-id, or a fresh UUID", async () => {
    const given = await t.http.get('/health/live').set('x-request-id', 'trace-abc.123');
    expect(given.headers['x-request-id']).toBe('trace-abc.123');
    const hostile = await t.http.get('/health/live').set('x-request-id', 'bad id with spaces and "quotes"');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await t.http.post('/graphql').send({ query: '{ me { id } }' });
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
