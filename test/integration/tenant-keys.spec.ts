import { Client } from 'pg';

/**
 * Issue 17 (ready for more than one machine): every tenant table (one with an authority_id column)
 * can be distributed by authority on Citus, which requires that its primary key and every unique
 * index include the distribution column, and that a foreign key to another tenant table include it
 * on both sides. Reads the migrated schema from pg_catalog and fails with the list of offenders.
 */

/** Tables without authority_id, each with why: any other table must have the column. */
const NON_TENANT_TABLES: Record<string, string> = {
  authority: 'the tenants themselves: a Citus reference table, copied to every worker',
  typeorm_migrations: 'migration bookkeeping of the schema, not of any authority (stays on the coordinator)',
};

// Primary keys and unique indexes (partial ones too) of tables with authority_id that lack it.
const KEYS_WITHOUT_AUTHORITY = `
  SELECT t.relname AS "table", i.relname AS "index", x.indisprimary AS "primary"
    FROM pg_index x
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'authority_id' AND NOT a.attisdropped
   WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p') AND (x.indisunique OR x.indisprimary)
     AND NOT a.attnum = ANY (string_to_array(x.indkey::text, ' ')::int2[])
   ORDER BY 1, 2`;

// Tenant tables without a primary key at all (Citus needs none, but every table here has one).
const TENANT_TABLES_WITHOUT_PRIMARY_KEY = `
  SELECT t.relname AS "table"
    FROM pg_class t
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'authority_id' AND NOT a.attisdropped
   WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p')
     AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = t.oid AND x.indisprimary)
   ORDER BY 1`;

// Foreign keys from a tenant table to a tenant table: both sides must include authority_id, so a
// row can only reference a row of its own authority (and the two are co-located on one shard).
const FOREIGN_KEYS_WITHOUT_AUTHORITY = `
  SELECT c.conrelid::regclass::text AS "table", c.conname AS "constraint", c.confrelid::regclass::text AS "references"
    FROM pg_constraint c
    JOIN pg_namespace n ON n.oid = c.connamespace
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attname = 'authority_id' AND NOT a.attisdropped
    JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attname = 'authority_id' AND NOT r.attisdropped
   WHERE c.contype = 'f' AND n.nspname = 'public'
     AND NOT (a.attnum = ANY (c.conkey) AND r.attnum = ANY (c.confkey)
              AND array_position(c.conkey, a.attnum) = array_position(c.confkey, r.attnum))
   ORDER BY 1, 2`;

describe('tenant keys include authority_id (Citus distribution by authority)', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
  });

  it('every table has authority_id except the known non-tenant tables', async () => {
    const { rows } = await client.query<{ table: string; tenant: boolean }>(
      `SELECT t.relname AS "table",
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'authority_id' AND NOT a.attisdropped) AS tenant
         FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p') ORDER BY 1`,
    );
    expect(rows.filter((r) => r.tenant).length).toBeGreaterThan(20);
    expect(rows.filter((r) => !r.tenant).map((r) => r.table)).toEqual(Object.keys(NON_TENANT_TABLES).sort());
  });

  it('every tenant table has a primary key', async () => {
    const { rows } = await client.query<{ table: string }>(TENANT_TABLES_WITHOUT_PRIMARY_KEY);
    expect(rows.map((r) => r.table)).toEqual([]);
  });

  it('every primary key and unique index of a tenant table includes authority_id', async () => {
    const { rows } = await client.query<{ table: string; index: string; primary: boolean }>(KEYS_WITHOUT_AUTHORITY);
    expect(rows.map((r) => `${r.table} ${r.primary ? 'primary key' : 'unique index'} ${r.index}`)).toEqual([]);
  });

  it('every foreign key between tenant tables pairs authority_id with authority_id', async () => {
    const { rows } = await client.query<{ table: string; constraint: string; references: string }>(
      FOREIGN_KEYS_WITHOUT_AUTHORITY,
    );
    expect(rows.map((r) => `${r.table} ${r.constraint} -> ${r.references}`)).toEqual([]);
  });

  it('the database refuses a reference to another authority’s row', async () => {
    // As the owner (row-level security does not apply), inside a transaction that is rolled back.
    await client.query('BEGIN');
    try {
      const [a, b] = (
        await client.query<{ id: string }>(
          "INSERT INTO authority (code, name) VALUES ('TK-A-' || gen_random_uuid(), 'A'), ('TK-B-' || gen_random_uuid(), 'B') RETURNING id",
        )
      ).rows.map((r) => r.id);
      const team = (
        await client.query<{ id: string }>("INSERT INTO team (authority_id, name) VALUES ($1, 'Team') RETURNING id", [
          a,
        ])
      ).rows[0].id;
      // A child of authority B in authority A's team: the composite key (authority_id, team_id) has no match.
      await client.query('SAVEPOINT cross_authority');
      await expect(
        client.query("INSERT INTO child (authority_id, case_reference, name, team_id) VALUES ($1, 'TK-1', 'X', $2)", [
          b,
          team,
        ]),
      ).rejects.toMatchObject({ code: '23503' });
      await client.query('ROLLBACK TO SAVEPOINT cross_authority');
      // The same child in its own authority's team is accepted.
      const ok = await client.query(
        "INSERT INTO child (authority_id, case_reference, name, team_id) VALUES ($1, 'TK-1', 'X', $2) RETURNING id",
        [a, team],
      );
      expect(ok.rowCount).toBe(1);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('a staff member or team still referred to cannot be deleted (RESTRICT: Citus refuses SET NULL on a distributed key)', async () => {
    await client.query('BEGIN');
    try {
      const a = (
        await client.query<{ id: string }>(
          "INSERT INTO authority (code, name) VALUES ('TK-C-' || gen_random_uuid(), 'C') RETURNING id",
        )
      ).rows[0].id;
      const team = (
        await client.query<{ id: string }>("INSERT INTO team (authority_id, name) VALUES ($1, 'Team') RETURNING id", [
          a,
        ])
      ).rows[0].id;
      const worker = (
        await client.query<{ id: string }>(
          "INSERT INTO staff_member (authority_id, subject, name, team_id) VALUES ($1, 'tk-sw', 'W', $2) RETURNING id",
          [a, team],
        )
      ).rows[0].id;
      await client.query('UPDATE team SET manager_id = $2 WHERE authority_id = $1 AND id = $3', [a, worker, team]);
      await client.query(
        "INSERT INTO child (authority_id, case_reference, name, team_id, social_worker_id) VALUES ($1, 'TK-2', 'Y', $2, $3)",
        [a, team, worker],
      );
      for (const [sql, id] of [
        ['DELETE FROM staff_member WHERE authority_id = $1 AND id = $2', worker],
        ['DELETE FROM team WHERE authority_id = $1 AND id = $2', team],
      ]) {
        await client.query('SAVEPOINT attempt');
        await expect(client.query(sql, [a, id])).rejects.toMatchObject({ code: '23503' });
        await client.query('ROLLBACK TO SAVEPOINT attempt');
      }
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('no foreign key between tenant tables is ON DELETE SET NULL or SET DEFAULT (Citus refuses them on a distributed key)', async () => {
    const { rows } = await client.query<{ fk: string }>(
      `SELECT c.conrelid::regclass || '.' || c.conname AS fk
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE c.contype = 'f' AND n.nspname = 'public' AND c.confdeltype IN ('n', 'd')
       ORDER BY 1`,
    );
    expect(rows.map((r) => r.fk)).toEqual([]);
  });
});
