import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp, migrate } from '../src/bootstrap';
import { CensusService } from '../src/census/census.service';
import { censusXml } from '../src/census/census-xml';
import { Clock } from '../src/clock/clock';
import { seedAuthority } from '../src/dev/demo-seed';
import { createScratchDatabase } from '../src/database/scratch-database';

// The census of an authority with about 2,400 plans (issue 17: 2.3-3.3 s; target under 300 ms).
//   npm run bench:census [-- <plans, default 2400>]
// A scratch database on DATABASE_URL's server (or an embedded one): 120 children are seeded through
// the API (every rule holds), then their children, conferences, conference children and plans are
// copied by SQL until the authority has the plans asked for. Times CensusService.export and the XML
// (median of 7 after 2 warm-ups; xmlMs is the export and its XML, xmlWritingMs the XML alone), with EXPLAIN (ANALYZE) of the slowest statement on request (EXPLAIN=1).

const SEED_CHILDREN = 120;

/** Copies the authority's children, conferences, conference children and plans `copies` times, with new ids. */
async function multiply(db: Client, authorityId: string, copies: number): Promise<void> {
  await db.query('BEGIN');
  await db.query(`CREATE TEMP TABLE k ON COMMIT DROP AS SELECT generate_series(1, $1) AS k`, [copies]);
  for (const table of ['child', 'conference', 'child_protection_plan']) {
    await db.query(
      `CREATE TEMP TABLE map_${table} ON COMMIT DROP AS SELECT t.id AS old_id, k.k, gen_random_uuid() AS new_id FROM ${table} t, k WHERE t.authority_id = $1`,
      [authorityId],
    );
    await db.query(`CREATE INDEX ON map_${table} (old_id, k)`);
  }
  const copy = (table: string, set: string, joins: string) =>
    db.query(
      `INSERT INTO ${table} SELECT (jsonb_populate_record(NULL::${table}, to_jsonb(t) || jsonb_build_object(${set}))).* FROM ${table} t ${joins} WHERE t.authority_id = $1`,
      [authorityId],
    );
  await copy(
    'child',
    `'id', m.new_id, 'case_reference', t.case_reference || '-' || m.k`,
    'JOIN map_child m ON m.old_id = t.id',
  );
  await copy(
    'conference',
    `'id', m.new_id, 'previous_conference_id', p.new_id, 'reconvened_as_id', r.new_id`,
    'JOIN map_conference m ON m.old_id = t.id LEFT JOIN map_conference p ON p.old_id = t.previous_conference_id AND p.k = m.k LEFT JOIN map_conference r ON r.old_id = t.reconvened_as_id AND r.k = m.k',
  );
  await copy(
    'child_protection_plan',
    `'id', m.new_id, 'child_id', c.new_id, 'started_by_conference_id', s.new_id, 'last_conference_id', l.new_id`,
    'JOIN map_child_protection_plan m ON m.old_id = t.id JOIN map_child c ON c.old_id = t.child_id AND c.k = m.k JOIN map_conference s ON s.old_id = t.started_by_conference_id AND s.k = m.k JOIN map_conference l ON l.old_id = t.last_conference_id AND l.k = m.k',
  );
  await copy(
    'conference_child',
    `'conference_id', m.new_id, 'child_id', c.new_id, 'plan_id', p.new_id`,
    'JOIN map_conference m ON m.old_id = t.conference_id JOIN map_child c ON c.old_id = t.child_id AND c.k = m.k LEFT JOIN map_child_protection_plan p ON p.old_id = t.plan_id AND p.k = m.k',
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
}

async function main(): Promise<void> {
  const wanted = Number(process.argv[2] ?? 2400);
  process.env.AUTH_DEV_SECRET ??= 'bench-issue-17-secret-0123456789abcdef';
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'bench_census');
  try {
    await migrate(scratch.url);
    const app = await createApp({
      databaseUrl: scratch.url,
      env: {
        LOG_LEVEL: 'warn',
        SWEEP_INTERVAL_MINUTES: '0',
        RATE_LIMIT_PER_MINUTE: '100000000',
        RATE_LIMIT_CONCURRENT: '100',
      },
      quiet: true,
    });
    const seedStarted = performance.now();
    await seedAuthority(app, process.env.AUTH_DEV_SECRET, {
      authority: 'census-bench',
      children: SEED_CHILDREN,
      concurrency: 4,
      progress: false,
    });
    const db = new Client({ connectionString: scratch.url });
    await db.connect();
    const [{ id: authorityId }] = (await db.query("SELECT id FROM authority WHERE code = 'census-bench'")).rows;
    const [{ n: seeded }] = (
      await db.query('SELECT count(*)::int AS n FROM child_protection_plan WHERE authority_id = $1', [authorityId])
    ).rows;
    const copies = Math.max(0, Math.ceil(wanted / Math.max(1, seeded)) - 1);
    await multiply(db, authorityId, copies);
    const [{ plans, conferences, links }] = (
      await db.query(
        'SELECT (SELECT count(*) FROM child_protection_plan WHERE authority_id = $1)::int AS plans, (SELECT count(*) FROM conference WHERE authority_id = $1)::int AS conferences, (SELECT count(*) FROM conference_child WHERE authority_id = $1)::int AS links',
        [authorityId],
      )
    ).rows;
    const today = app.get(Clock).today();
    const year = Number(today.slice(0, 4)) + (today.slice(5) >= '04-01' ? 1 : 0);
    const census = app.get(CensusService);
    const time = async (f: () => Promise<unknown>) => {
      for (let i = 0; i < 2; i++) await f();
      const ms: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        await f();
        ms.push(performance.now() - t0);
      }
      return Math.round([...ms].sort((a, b) => a - b)[3]);
    };
    let rows = 0;
    const exportMs = await time(async () => (rows = (await census.export(authorityId, year)).plans.length));
    const dataSource = app.get(DataSource);
    const xml = async (data: Awaited<ReturnType<CensusService['export']>>) => {
      let bytes = 0;
      for await (const chunk of censusXml(dataSource, authorityId, 'census-bench', data, '2027-01-01T00:00:00Z'))
        bytes += chunk.length;
      return bytes;
    };
    const xmlMs = await time(async () => xml(await census.export(authorityId, year)));
    const exported = await census.export(authorityId, year);
    const xmlWritingMs = await time(() => xml(exported));
    process.stdout.write(
      `${JSON.stringify({ plans, conferences, conferenceChildren: links, year, planRows: rows, exportMs, xmlMs, xmlWritingMs, seedSeconds: Math.round((performance.now() - seedStarted) / 1000) })}\n`,
    );
    if (process.env.EXPLAIN) {
      const { PLANS_SQL, VALIDATION_SQL, SECTION47_SQL } = await import('../src/census/census.sql');
      const params = [authorityId, `${year - 1}-04-01`, `${year}-03-31`];
      for (const [name, sql] of Object.entries({ PLANS_SQL, VALIDATION_SQL, SECTION47_SQL })) {
        const plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        process.stdout.write(`--- ${name}\n${plan}\n`);
      }
    }
    await db.end();
    await app.close();
  } finally {
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
