import { Role } from '../../src/auth/role';
import { MetricsListener } from '../../src/metrics/metrics-listener';
import { gql, ok, startTestApp, TestApp, uniqueAuthority } from '../helpers/test-app';

/** Issue 16: /metrics in Prometheus format on its own listener, never on the public port. */
describe('metrics', () => {
  let t: TestApp;
  let metricsUrl: string;
  const authority = uniqueAuthority();
  const admin = { sub: 'metrics-admin', roles: [Role.ADMIN], authority };
  const worker = { sub: 'metrics-worker', roles: [Role.SOCIAL_WORKER], authority };

  beforeAll(async () => {
    t = await startTestApp({ METRICS_PORT: '0' });
    metricsUrl = `http://127.0.0.1:${t.app.get(MetricsListener).port()}/metrics`;
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    return res.text();
  };

  it('is not served on the public port', async () => {
    expect((await t.http.get('/metrics')).status).toBe(404);
  });

  it('counts requests, latency and errors by operation, not by query text', async () => {
    await ok(t, admin, 'query Whoami { me { subject } }');
    await ok(t, admin, '{ me { id } }');
    await ok(t, admin, '{ me { id } }'); // a cached query skips parsing: still named
    const refused = await gql(t, worker, 'mutation { runDeadlineSweep { breachedStages } }');
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const text = await scrape();
    expect(text).toMatch(/cp_graphql_requests_total\{operation="Query.me",outcome="ok"\} 3/);
    expect(text).toMatch(/cp_graphql_requests_total\{operation="Mutation.runDeadlineSweep",outcome="error"\} 1/);
    expect(text).toMatch(/cp_graphql_errors_total\{operation="Mutation.runDeadlineSweep",code="FORBIDDEN"\} 1/);
    expect(text).toMatch(/cp_graphql_request_duration_seconds_count\{operation="Query.me"\} 3/);
    expect(text).not.toContain('operation="unparsed"');
    expect(text).not.toContain('Whoami');
  });

  it('names a refused document every time it comes: Mercurius never caches it (issue 17)', async () => {
    // A document Mercurius had cached as refused skipped every hook, so its repeats were "unparsed";
    // the service now refuses it before any cache (src/bootstrap.ts), each time through the hooks.
    for (let i = 0; i < 2; i++) {
      const refused = await gql(t, admin, '{ me { id noSuchField } }');
      expect(refused.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    const text = await scrape();
    expect(text).toMatch(/cp_graphql_requests_total\{operation="Query.me",outcome="error"\} 2/);
    expect(text).not.toContain('operation="unparsed"');
  });

  it('shows the database pool, the sweep, breaches, the outbox and deliveries', async () => {
    await ok(t, admin, 'mutation { runDeadlineSweep { breachedStages } }');
    const text = await scrape();
    for (const series of [
      'cp_db_pool_connections{state="in_use"}',
      'cp_db_pool_connections{state="idle"}',
      'cp_db_pool_waiting',
      'cp_sweep_duration_seconds_count 1',
      'cp_escalation_stage_breaches_total',
      'cp_sweep_actions_total',
      'cp_outbox_backlog',
      'cp_outbox_oldest_age_seconds',
      'cp_notification_deliveries_total',
      'cp_notification_deliveries_pending{channel="EMAIL"}',
      'cp_notification_deliveries_parked{channel="WEBHOOK"}',
    ]) {
      expect(text).toContain(series);
    }
  });

  it('answers only GET /metrics on its listener', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
  });
});
