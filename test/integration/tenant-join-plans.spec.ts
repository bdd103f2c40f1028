import { Client } from 'pg';
import { PLANS_SQL, SECTION47_SQL, VALIDATION_SQL } from '../../src/census/census.sql';
import { performanceSql } from '../../src/reporting/performance.sql';
import { PlanNode, scansWithoutAuthority } from '../helpers/tenant-joins';

/**
 * Issue 17: the planner's side of tenant-joins.spec.ts, for the widest read models (the census and
 * the inspector's performance statement, which join a dozen tenant tables). Every scan of a tenant
 * table in their plans carries an authority_id condition, so each reads one authority's slice of an
 * index whose keys lead with authority_id. Without it (a join on the foreign key alone) the census
 * scanned child_protection_plan and conference_child once per plan: on a bench database of 16
 * authorities it took 88 ms instead of 4 for 240 plans (docs in the helper's note).
 *
 * Robust at any size: it reads the conditions attached to each scan, not the kind of scan the
 * planner picks for the test database's few rows. Plain EXPLAIN, as the owner (no row-level
 * security, whose policy would add an authority_id filter to every scan and hide the point).
 */
describe('read-model plans scan tenant tables by authority', () => {
  let client: Client;
  let tenantTables: Set<string>;

  const uncovered = async (sql: string, params: unknown[]): Promise<string[]> => {
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return scansWithoutAuthority((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan, tenantTables);
  };

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'authority_id'",
    );
    tenantTables = new Set(rows.map((r) => r.table_name));
  });

  afterAll(async () => {
    await client?.end();
  });

  const authority = '00000000-0000-4000-8000-000000000001';
  const year = [authority, '2026-04-01', '2027-03-31'];
  const period = [authority, '2025-12-01', '2026-11-30', '2026-11-30', [], null, 20];

  it('sees a join on the foreign key alone (the check is not vacuous)', async () => {
    expect(
      await uncovered(
        'SELECT s.id FROM escalation e JOIN escalation_stage s ON s.escalation_id = e.id WHERE e.authority_id = $1',
        [authority],
      ),
    ).toEqual([expect.stringContaining('on escalation_stage s')]);
    expect(
      await uncovered(
        'SELECT s.id FROM escalation e JOIN escalation_stage s ON s.authority_id = e.authority_id AND s.escalation_id = e.id WHERE e.authority_id = $1',
        [authority],
      ),
    ).toEqual([]);
  });

  it.each([
    ['census sections 47', SECTION47_SQL, year],
    ['census plans', PLANS_SQL, year],
    ['census validation', VALIDATION_SQL, year],
    ['performance by authority', performanceSql('authority'), period],
    ['performance by team', performanceSql('team'), period],
    ['performance by chair', performanceSql('chair'), period],
  ])('%s: every tenant scan has an authority_id condition', async (_name, sql, params) => {
    expect(await uncovered(sql, params)).toEqual([]);
  });
});
