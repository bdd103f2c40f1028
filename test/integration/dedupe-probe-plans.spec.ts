import { Client } from 'pg';
import { OVERDUE_AUDIT_ACTIONS_SQL } from '../../src/case-audits/case-audit.repository';
import { DRIFT_CANDIDATES_SQL } from '../../src/core-groups/core-group.repository';
import { RUNTIME_ROLE } from '../../src/database/runtime-role';
import { PlanNode } from '../helpers/tenant-joins';

/**
 * The sweep's "already told?" probes on inbox_alert, as the runtime role under row-level security.
 * inbox_alert is then a security barrier: a condition built with functions that are not leakproof
 * (to_char, ||) is checked only after the policy, never inside the index. Written that way, the
 * core-group drift check read every alert of the chair for each plan and took 5.2 s at 2,300 plans
 * (npm run bench, BENCH_CHILDREN=3000), past the statement timeout, so the sweep failed. With the key
 * computed beforehand and compared as a plain column, each probe is one lookup on the unique
 * (authority_id, recipient_id, dedupe_key) index.
 *
 * Robust on the test database's few rows: the authority gets 20,000 alerts (removed afterwards) and
 * inbox_alert fresh statistics, so a probe per candidate is the plan; the test reads what each probe
 * looks up by.
 */
describe('dedupe probes on inbox_alert use the whole key under row-level security', () => {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  const authority = '00000000-0000-4000-8000-0000000d3d00';

  beforeAll(async () => {
    await client.connect();
    await client.query(
      `INSERT INTO inbox_alert (authority_id, recipient_id, kind, reason, due_by, dedupe_key)
       SELECT $1, ('00000000-0000-4000-8000-' || lpad((g % 20)::text, 12, '0'))::uuid, 'TEST', 'plan check', '2026-11-30', 'dedupe-probe:' || g
       FROM generate_series(1, 20000) g`,
      [authority],
    );
    await client.query('ANALYZE inbox_alert');
  });

  afterAll(async () => {
    await client.query('DELETE FROM inbox_alert WHERE authority_id = $1', [authority]);
    await client.query('ANALYZE inbox_alert');
    await client.end();
  });

  const probes = async (sql: string, params: unknown[]): Promise<string[]> => {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL ROLE ${RUNTIME_ROLE}`);
      await client.query("SELECT set_config('cp.authority_id', $1, true)", [authority]);
      const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      const found: string[] = [];
      const walk = (node: PlanNode) => {
        if (node['Relation Name'] === 'inbox_alert') found.push(node['Index Cond'] ?? `(none: ${node['Node Type']})`);
        for (const child of node.Plans ?? []) walk(child);
      };
      walk((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan);
      return found;
    } finally {
      await client.query('ROLLBACK');
    }
  };

  it('sees an expression kept out of the index (the check is not vacuous)', async () => {
    const inline = `SELECT x.id FROM action x WHERE x.authority_id = $1 AND NOT EXISTS (SELECT 1 FROM inbox_alert ia
      WHERE ia.authority_id = $1 AND ia.recipient_id = x.owner_id AND ia.dedupe_key = 'k:' || x.id || ':' || to_char(x.due_by, 'YYYY-MM-DD'))`;
    const [cond] = await probes(inline, [authority]);
    expect(cond).not.toContain('dedupe_key');
  });

  it.each([
    ['core-group drift candidates', DRIFT_CANDIDATES_SQL, [authority, '2026-11-30']],
    ['overdue case-audit actions', OVERDUE_AUDIT_ACTIONS_SQL, [authority, '2026-11-30', 100]],
  ])('%s', async (_name, sql, params) => {
    const found = await probes(sql, params);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/authority_id = .*recipient_id = .*dedupe_key = /s);
  });
});
