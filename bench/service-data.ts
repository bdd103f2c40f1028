import 'reflect-metadata';
import { Client } from 'pg';
import { createApp } from '../src/bootstrap';
import { createScratchDatabase, ScratchDatabase } from '../src/database/scratch-database';
import { buildCast } from '../src/dev/demo-cast';
import { DemoClient } from '../src/dev/demo-client';
import { seedAuthority } from '../src/dev/demo-seed';
import { seedAuthorityFast } from '../src/dev/fast-seed';

// The service benchmark's data (issue 17): a scratch database, migrated, with authorities seeded
// through the service's own rules (every rule and audit event holds), then the main authority
// multiplied in SQL to BENCH_ESCALATIONS escalations with their stages, actions and audit events.
//
// Each authority's first BENCH_STORY_CHILDREN (300) children are told through the GraphQL API
// (src/dev/demo-stories.ts: escalations at every stage with actions, core groups, case audits,
// then the deadline sweep), as every earlier run of the bench was; the children beyond them go
// through the fast seed (src/dev/fast-seed.ts: the bulk import, the same services in batched
// transactions, about 10 times the API's rate), so BENCH_CHILDREN=3000 (2,400 plans for the
// census) takes a minute or two instead of 25. BENCH_STORY_CHILDREN=0 seeds everything fast.
//
// The audit chain: the multiplied copies' audit events are stored with NEGATIVE sequence numbers
// (so history has rows and the table has its size, and the head's next append never collides),
// which leaves the main authority's chain unverifiable by design. verifyAuditChain is measured on
// BENCH_VERIFY_AUTHORITY, seeded through the API and never multiplied.

/** A load test is many requests at once from one user: the per-user fairness limits are lifted. */
export const BENCH_LIMITS = { RATE_LIMIT_CONCURRENT: '100000', RATE_LIMIT_PER_MINUTE: '100000000' };

/** children per authority told through the API (the rest through the fast seed) */
export const STORY_CHILDREN = Number(process.env.BENCH_STORY_CHILDREN ?? 300);
/** fast-seed transactions in flight */
const FAST_CONCURRENCY = 4;

export const MAIN_AUTHORITY = 'bench-main';
export const VERIFY_AUTHORITY = 'bench-verify';
/** the eight authorities raiseEscalation is spread over: main plus seven small ones */
export const SPREAD_AUTHORITIES = [
  MAIN_AUTHORITY,
  VERIFY_AUTHORITY,
  ...Array.from({ length: 6 }, (_, i) => `bench-spread-${i + 1}`),
];

export interface ServiceDataOptions {
  secret: string;
  /** children seeded in the main authority (the first STORY_CHILDREN through the API, the rest fast) */
  children: number;
  /** children seeded in the verify authority (the same split) */
  verifyChildren: number;
  /** children in each small authority */
  smallChildren: number;
  /** total escalations wanted in the main authority after multiplying */
  escalations: number;
  say(line: string): void;
}

export interface ServiceData extends ScratchDatabase {
  counts: Record<string, number>;
  seedSeconds: number;
  multiplySeconds: number;
}

export async function prepareServiceData(
  serverUrl: string | undefined,
  options: ServiceDataOptions,
): Promise<ServiceData> {
  const scratch = await createScratchDatabase(serverUrl, 'cpw_bench17');
  try {
    const started = performance.now();
    const app = await createApp({
      databaseUrl: scratch.url,
      env: { LOG_LEVEL: 'warn', SWEEP_INTERVAL_MINUTES: '0', AUTH_DEV_SECRET: options.secret, ...BENCH_LIMITS },
      quiet: true,
    });
    try {
      const seeds: [string, number][] = [
        [MAIN_AUTHORITY, options.children],
        [VERIFY_AUTHORITY, options.verifyChildren],
        ...SPREAD_AUTHORITIES.slice(2).map((a): [string, number] => [a, options.smallChildren]),
      ];
      for (const [authority, children] of seeds) {
        const teams = Math.max(3, Math.ceil(children / 500));
        const cast = await buildCast(new DemoClient(app, options.secret), authority, teams);
        const told = Math.min(children, STORY_CHILDREN);
        // The fast part first: the stories end with the deadline sweep, which then covers both.
        if (children > told) {
          const r = await seedAuthorityFast(app, options.secret, {
            authority,
            children: children - told,
            cast,
            casePrefix: `${authority.toUpperCase()}-F`,
            concurrency: FAST_CONCURRENCY,
            progress: false,
          });
          options.say(
            `  seeded ${authority}: ${children - told} children through the fast seed in ${r.seconds.toFixed(1)} s (${(r.children / r.seconds).toFixed(0)} children/s)`,
          );
        }
        if (told > 0) {
          const r = await seedAuthority(app, options.secret, {
            authority,
            children: told,
            cast,
            concurrency: 8,
            progress: false,
          });
          options.say(
            `  seeded ${authority}: ${told} children, ${r.requests} API requests in ${r.seconds.toFixed(1)} s (${(r.requests / r.seconds).toFixed(0)} requests/s)`,
          );
        }
      }
    } finally {
      await app.close();
    }
    const seedSeconds = (performance.now() - started) / 1000;
    const t = performance.now();
    const counts = await multiply(scratch.url, options.escalations, options.say);
    return { ...scratch, counts, seedSeconds, multiplySeconds: (performance.now() - t) / 1000 };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}

/**
 * Copies the main authority's escalations (with their stages, their ESCALATION actions and their
 * audit events) until it holds `target` escalations. Copy k of an escalation is raised k weeks
 * earlier, so the keyset order interleaves the copies the way real history would; due dates are
 * kept, so the copies add no work for the deadline sweep beyond what the seeded originals had (a
 * first version moved them back too, and the first sweep then breached 30,000 stages one by one
 * for more than five minutes).
 */
async function multiply(url: string, target: number, say: (line: string) => void): Promise<Record<string, number>> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const [{ id: authorityId }] = (await db.query('SELECT id FROM authority WHERE code = $1', [MAIN_AUTHORITY])).rows;
    const [{ n: base }] = (
      await db.query('SELECT count(*)::int AS n FROM escalation WHERE authority_id = $1', [authorityId])
    ).rows;
    if (base === 0) throw new Error(`the seed raised no escalation in ${MAIN_AUTHORITY}`);
    const copies = Math.max(0, Math.ceil(target / base) - 1);
    say(`  multiplying ${base} escalations by ${copies + 1} in ${MAIN_AUTHORITY}`);
    await db.query('BEGIN');
    // the map of every copy: (original id, copy number) -> new id
    await db.query(
      `CREATE TEMP TABLE esc_copy ON COMMIT DROP AS
         SELECT e.id AS old_id, k, gen_random_uuid() AS new_id
           FROM escalation e CROSS JOIN generate_series(1, $2::int) k WHERE e.authority_id = $1`,
      [authorityId, copies],
    );
    await db.query('CREATE INDEX ON esc_copy (old_id)');
    await db.query(
      `INSERT INTO escalation (id, authority_id, reference, child_id, conference_id, conversation_id, raised_by_id, raised_on, concern, summary, status, stage, response_due_by, breached, closed_on, version, created_at, updated_at)
       SELECT m.new_id, e.authority_id, e.reference || '-C' || m.k, e.child_id, e.conference_id, NULL, e.raised_by_id, e.raised_on - 7 * m.k, e.concern, e.summary, e.status, e.stage, e.response_due_by, e.breached, e.closed_on - 7 * m.k, e.version, e.created_at, e.updated_at
         FROM escalation e JOIN esc_copy m ON m.old_id = e.id`,
    );
    await copyColumns(
      db,
      'escalation_stage',
      { id: 'gen_random_uuid()', escalation_id: 'm.new_id', opened_on: 't.opened_on - 7 * m.k' },
      'JOIN esc_copy m ON m.old_id = t.escalation_id',
    );
    await copyColumns(
      db,
      'action',
      { id: 'gen_random_uuid()', subject_id: 'm.new_id' },
      "JOIN esc_copy m ON m.old_id = t.subject_id AND t.subject_type = 'Escalation'",
    );
    // Audit events: negative sequences (see the note at the top), in the originals' order.
    await copyColumns(
      db,
      'audit_event',
      {
        id: 'gen_random_uuid()',
        entity_id: 'm.new_id',
        sequence: '(row_number() OVER (ORDER BY m.k, t.sequence) - 2000000000)::int',
        hash: 'md5(m.new_id::text || t.sequence)',
        previous_hash: 'NULL',
      },
      "JOIN esc_copy m ON m.old_id = t.entity_id AND t.entity_type = 'Escalation'",
    );
    await db.query('COMMIT');
    // PostGraphile joins history and actions by entity_id / subject_id alone (its relations carry no
    // authority), which no index of the service serves: 25 ms a row on this data. A PostGraphile
    // deployment would add these; the service's loaders filter by authority first and never use them.
    await db.query('CREATE INDEX IF NOT EXISTS bench_pgl_audit_event_entity ON audit_event (entity_id)');
    await db.query('CREATE INDEX IF NOT EXISTS bench_pgl_action_subject ON action (subject_id)');
    await db.query('ANALYZE');
    const count = async (table: string) =>
      (await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE authority_id = $1`, [authorityId])).rows[0]
        .n as number;
    const counts: Record<string, number> = {};
    for (const table of [
      'child',
      'child_protection_plan',
      'conference',
      'escalation',
      'escalation_stage',
      'action',
      'audit_event',
    ])
      counts[table] = await count(table).catch(() => -1);
    return counts;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}

/** INSERT INTO table SELECT every column of t, some replaced by expressions, FROM table t <join> WHERE t in the main authority. */
async function copyColumns(db: Client, table: string, replace: Record<string, string>, join: string): Promise<void> {
  const columns: string[] = (
    await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    )
  ).rows.map((r) => r.column_name as string);
  for (const key of Object.keys(replace)) if (!columns.includes(key)) throw new Error(`${table} has no column ${key}`);
  const list = columns.map((c) => `"${c}"`).join(', ');
  const select = columns.map((c) => replace[c] ?? `t."${c}"`).join(', ');
  await db.query(`INSERT INTO "${table}" (${list}) SELECT ${select} FROM "${table}" t ${join}`);
}
