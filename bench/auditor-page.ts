import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

// The auditor's page (issue 11): escalations(first: 50) with stages, actions and history, as an
// AUDITOR of a seeded authority, through the real HTTP server. Run against two source trees,
// interleaved, on the same seeded database:
//   node -r @swc-node/register bench/auditor-page.ts <repo root> <DATABASE_URL> <authority> [seconds] [connections]
// Prints one JSON line: requests/s, latency p50/p99 (ms), non-2xx.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS package
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}>;

export const AUDITOR_PAGE = `{ escalations(first: 50) { totalCount edges { node {
  id reference status stage breached raisedOn responseDueBy
  child { id caseReference } raisedBy { id name }
  stages { stage assignedRole openedOn responseDueBy respondedAt outcome breached assignedTo { id name } }
  actions { id description status dueBy owner { id name } }
  history { action at fromStatus toStatus reason actor { id name } }
} } } }`;

async function main(): Promise<void> {
  const [root, databaseUrl, authority, seconds = '10', connections = '10'] = process.argv.slice(2);
  if (!root || !databaseUrl || !authority)
    throw new Error('usage: auditor-page.ts <repo root> <DATABASE_URL> <authority> [seconds] [connections]');
  process.env.AUTH_DEV_SECRET ??= 'bench-issue-11-secret-0123456789abcdef';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the tree under test is chosen at run time
  const { createApp } = require(join(resolve(root), 'src/bootstrap')) as typeof import('../src/bootstrap');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { signDevToken } = require(join(resolve(root), 'src/auth/dev-token')) as typeof import('../src/auth/dev-token');
  const app = await createApp({ databaseUrl, env: { LOG_LEVEL: 'warn', SWEEP_INTERVAL_MINUTES: '0' }, quiet: true });
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/graphql`.replace('[::1]', '127.0.0.1');
  const token = await signDevToken(process.env.AUTH_DEV_SECRET, {
    subject: 'bench-auditor',
    name: 'Bench Auditor',
    roles: ['AUDITOR'] as never,
    authority,
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const body = JSON.stringify({ query: AUDITOR_PAGE });
  const first = (await (await fetch(url, { method: 'POST', headers, body })).json()) as {
    data?: { escalations: { edges: unknown[] } };
    errors?: unknown;
  };
  if (!first.data) throw new Error(`the page failed: ${JSON.stringify(first.errors)}`);
  const started = performance.now();
  await autocannon({ url, method: 'POST', headers, body, connections: Number(connections), duration: 3 }); // warm-up
  const r = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections: Number(connections),
    duration: Number(seconds),
  });
  process.stdout.write(
    `${JSON.stringify({ root, escalations: first.data.escalations.edges.length, rps: Math.round(r.requests.average * 10) / 10, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, wallSeconds: Math.round((performance.now() - started) / 1000) })}\n`,
  );
  await app.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
