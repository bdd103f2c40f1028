import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap';
import { authorityScope } from '../src/common/authority-scope';
import { ReadPool } from '../src/common/read-pool';

// Node CPU per loader statement (issue 17, cause 3): the same statement (the escalation loader's
// batch of 50, then the stage loader's) through TypeORM's `dataSource.query` and through ReadPool,
// interleaved round by round in one process, sequentially, in a request's authority scope.
//   node -r @swc-node/register bench/read-pool-cpu.ts <DATABASE_URL> <authority code> [statements] [rounds]
// Prints one JSON line: median CPU µs per statement for each path. ONE_ROW=1: a one-row, one-column
// statement instead (what is left is the wrapper's own cost, not parsing rows).

async function main(): Promise<void> {
  const [databaseUrl, code, statements = '500', rounds = '5'] = process.argv.slice(2);
  if (!databaseUrl || !code)
    throw new Error('usage: read-pool-cpu.ts <DATABASE_URL> <authority code> [statements] [rounds]');
  process.env.AUTH_DEV_SECRET ??= 'bench-issue-11-secret-0123456789abcdef';
  const app = await createApp({
    databaseUrl,
    env: { LOG_LEVEL: 'info', SWEEP_INTERVAL_MINUTES: '0' },
    logStream: { write: () => undefined },
    quiet: true,
  });
  await app.init();
  const dataSource = app.get(DataSource);
  const reads = app.get(ReadPool);
  const [{ id: authorityId }]: { id: string }[] = await dataSource.query('SELECT id FROM authority WHERE code = $1', [
    code,
  ]);
  const ids = (
    await dataSource.query(
      'SELECT id FROM escalation WHERE authority_id = $1 ORDER BY raised_on DESC, id DESC LIMIT 50',
      [authorityId],
    )
  ).map((r: { id: string }) => r.id);
  const sqls: [string, unknown[]][] = process.env.ONE_ROW
    ? [['SELECT id FROM escalation WHERE authority_id = $1 AND id = $2', [authorityId, ids[0]]]]
    : [
        [
          'SELECT e.*, c.team_id FROM escalation e JOIN child c ON c.id = e.child_id WHERE e.authority_id = $1 AND e.id = ANY($2)',
          [authorityId, ids],
        ],
        [
          'SELECT * FROM escalation_stage WHERE authority_id = $1 AND escalation_id = ANY($2) ORDER BY escalation_id, stage',
          [authorityId, ids],
        ],
      ];
  const paths: Record<string, (sql: string, params: unknown[]) => Promise<unknown>> = {
    typeorm: (sql, params) => dataSource.query(sql, params),
    readPool: (sql, params) => reads.query(sql, params),
  };
  const run = (path: string) =>
    authorityScope.run({ authorityId }, async () => {
      const c0 = process.cpuUsage();
      for (let i = 0; i < Number(statements); i++) {
        const [sql, params] = sqls[i % sqls.length];
        await paths[path](sql, params);
      }
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / Number(statements);
    });
  for (const path of Object.keys(paths)) await run(path); // warm-up
  const results: Record<string, number[]> = { typeorm: [], readPool: [] };
  const w0 = performance.now();
  for (let r = 0; r < Number(rounds); r++) for (const path of Object.keys(paths)) results[path].push(await run(path));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const round = (x: number) => Math.round(x);
  process.stdout.write(
    `${JSON.stringify({ statement: process.env.ONE_ROW ? 'one row' : 'loader batches of 50', edges: ids.length, cpuMicrosPerStatement: { typeorm: round(median(results.typeorm)), readPool: round(median(results.readPool)) }, rounds: { typeorm: results.typeorm.map(round), readPool: results.readPool.map(round) }, seconds: Math.round((performance.now() - w0) / 1000) })}\n`,
  );
  await app.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
