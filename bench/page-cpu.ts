import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

// bench/auditor-page.ts's page (that file runs its benchmark when loaded, so it is not imported)
const AUDITOR_PAGE = `{ escalations(first: 50) { totalCount edges { node {
  id reference status stage breached raisedOn responseDueBy
  child { id caseReference } raisedBy { id name }
  stages { stage assignedRole openedOn responseDueBy respondedAt outcome breached assignedTo { id name } }
  actions { id description status dueBy owner { id name } }
  history { action at fromStatus toStatus reason actor { id name } }
} } } }`;

// CPU per auditor page (issue 17): the Node process's own CPU time (user + system) per request,
// through Fastify's inject (no sockets, no load generator in the process), sequentially, so a busy
// machine changes the wall time more than the CPU time. Run it against two source trees in turn:
//   node -r @swc-node/register bench/page-cpu.ts <repo root> <DATABASE_URL> <authority> [requests] [rounds]
// Prints one JSON line: CPU ms per page (median of the rounds), wall ms per page, SQL statements per page.

async function main(): Promise<void> {
  const [root, databaseUrl, authority, requests = '300', rounds = '5'] = process.argv.slice(2);
  if (!root || !databaseUrl || !authority)
    throw new Error('usage: page-cpu.ts <repo root> <DATABASE_URL> <authority> [requests] [rounds]');
  process.env.AUTH_DEV_SECRET ??= 'bench-issue-11-secret-0123456789abcdef';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the tree under test is chosen at run time
  const { createApp } = require(join(resolve(root), 'src/bootstrap')) as typeof import('../src/bootstrap');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { signDevToken } = require(join(resolve(root), 'src/auth/dev-token')) as typeof import('../src/auth/dev-token');
  const app = await createApp({
    databaseUrl,
    env: {
      LOG_LEVEL: 'info',
      SWEEP_INTERVAL_MINUTES: '0',
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_CONCURRENT: '100',
    },
    logStream: { write: () => undefined },
    quiet: true,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const token = await signDevToken(process.env.AUTH_DEV_SECRET, {
    subject: 'bench-auditor',
    name: 'Bench Auditor',
    roles: ['AUDITOR'] as never,
    authority,
  });
  const inject = () =>
    app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: JSON.stringify({ query: AUDITOR_PAGE }),
    });
  const firstBody = (await inject()).body;
  const first = JSON.parse(firstBody) as { data?: { escalations: { edges: unknown[] } }; errors?: unknown };
  if (!first.data) throw new Error(`the page failed: ${JSON.stringify(first.errors)}`);
  for (let i = 0; i < 50; i++) await inject(); // warm-up: JIT, caches
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < Number(rounds); r++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    for (let i = 0; i < Number(requests); i++) await inject();
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - w0) / Number(requests));
    cpu.push((c.user + c.system) / 1000 / Number(requests));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const round = (x: number) => Math.round(x * 100) / 100;
  process.stdout.write(
    `${JSON.stringify({ root, edges: first.data.escalations.edges.length, bodySha256: createHash('sha256').update(firstBody).digest('hex').slice(0, 16), cpuMsPerPage: round(median(cpu)), cpuMsRounds: cpu.map(round), wallMsPerPage: round(median(wall)) })}\n`,
  );
  await app.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
