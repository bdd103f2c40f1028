import { Client } from 'pg';

/**
 * Issue 17: every foreign key must be the leading column(s) of some index, or a join, a loader's
 * lookup or a parent's delete scans the whole child table (the census scanned conference_child once
 * per plan). Reads the migrated schema from pg_catalog and fails with the list of unindexed keys.
 */
const UNINDEXED_FOREIGN_KEYS = `
  SELECT c.conrelid::regclass::text AS "table",
         c.conname AS "constraint",
         array_agg(a.attname ORDER BY k.ord)::text[] AS "columns"
    FROM pg_constraint c
    JOIN pg_namespace n ON n.oid = c.connamespace
    CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
   WHERE c.contype = 'f' AND n.nspname = 'public'
     AND NOT EXISTS (
       SELECT 1 FROM pg_index i
        WHERE i.indrelid = c.conrelid
          AND i.indpred IS NULL
          -- the key's columns, in any order, are the index's leading columns
          AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey
          AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] <@ c.conkey)
   GROUP BY c.conrelid, c.conname
   ORDER BY 1, 2`;

describe('foreign key indexes', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
  });

  it('the migrated schema has foreign keys to check', async () => {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'",
    );
    expect(rows[0].n).toBeGreaterThan(10);
  });

  it('every foreign key is the leading column(s) of a full (non-partial) index', async () => {
    const { rows } = await client.query<{ table: string; constraint: string; columns: string[] }>(
      UNINDEXED_FOREIGN_KEYS,
    );
    expect(rows.map((r) => `${r.table}(${r.columns.join(', ')}) ${r.constraint}`)).toEqual([]);
  });

  // Not foreign keys, but looked up by: the census joins conference_child per plan, the plan and
  // section 47 loaders read a plan's actions and a strategy discussion's enquiries.
  it.each([
    ['conference_child', 'plan_id'],
    ['action', 'plan_id'],
    ['section47_enquiry', 'strategy_discussion_id'],
  ])('%s(%s), looked up by the census or a loader, leads an index', async (table, column) => {
    const { rows } = await client.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1 AND indexdef NOT LIKE '% WHERE %'",
      [table],
    );
    expect(rows.some((r) => r.indexdef.includes(`(${column})`) || r.indexdef.includes(`(${column},`))).toBe(true);
  });
});
