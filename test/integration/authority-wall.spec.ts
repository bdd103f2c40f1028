import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RUNTIME_ROLE } from '../../src/database/runtime-role';

/**
 * Row-level security (issue 12) at the cost of a plain filter (issue 17): every tenant table's
 * authority_wall reads the request's authority once per statement, in an InitPlan, not once per row.
 */
describe('authority_wall policies', () => {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('every table with authority_id has the current policy', async () => {
    const { rows } = await client.query<{ table: string; version: string | null }>(
      `SELECT c.table_name AS table, obj_description(p.oid, 'pg_policy') AS version
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
         LEFT JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace
         LEFT JOIN pg_policy p ON p.polrelid = k.oid AND p.polname = 'authority_wall'
        WHERE c.table_schema = 'public' AND c.column_name = 'authority_id'
        ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => !r.version?.startsWith('authority_wall v2')).map((r) => r.table)).toEqual([]);
  });

  it('the runtime role sees its authority only, everything under *, nothing unset; the setting is read once per statement', async () => {
    await client.query('BEGIN');
    try {
      const [a, b] = (
        await client.query<{ id: string }>(
          "INSERT INTO authority (code, name) VALUES ('AW-A-' || gen_random_uuid(), 'A'), ('AW-B-' || gen_random_uuid(), 'B') RETURNING id",
        )
      ).rows.map((r) => r.id);
      await client.query("INSERT INTO team (authority_id, name) VALUES ($1, 'Team A'), ($2, 'Team B')", [a, b]);
      await client.query(`SET LOCAL ROLE ${RUNTIME_ROLE}`);
      const teams = async (setting: string) => {
        await client.query("SELECT set_config('cp.authority_id', $1, true)", [setting]);
        const { rows } = await client.query<{ name: string }>(
          'SELECT name FROM team WHERE authority_id = ANY($1::uuid[]) ORDER BY name',
          [[a, b]],
        );
        return rows.map((r) => r.name);
      };
      expect(await teams(a)).toEqual(['Team A']);
      expect(await teams('*')).toEqual(['Team A', 'Team B']);
      expect(await teams('')).toEqual([]);
      expect(await teams(randomUUID())).toEqual([]);
      expect(await teams("' OR true --")).toEqual([]);
      await client.query("SELECT set_config('cp.authority_id', $1, true)", [a]);
      const plan = (await client.query<{ 'QUERY PLAN': string }>('EXPLAIN (COSTS OFF) SELECT count(*) FROM team')).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/InitPlan/);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
