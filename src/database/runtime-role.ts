import { QueryRunner } from 'typeorm';

/** The role the service's requests run as (issue 12): it reads and writes rows, and nothing more. */
export const RUNTIME_ROLE = 'cp_workflow_runtime';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates the runtime role when missing and grants it, as the owner, what requests need: rows of
 * every table (the audit trail's tables SELECT and INSERT only), sequences, and no DDL, TRUNCATE or trigger
 * control (those stay with the owner, who runs the migrations). Run after every migration run,
 * under the migration lock, so a table added by a migration is granted before the service uses it.
 */
export async function grantRuntimeRole(runner: QueryRunner, role: string = RUNTIME_ROLE): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new Error(`Not a plain role name: ${role}`);
  const exists = await runner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (!exists.length) {
    try {
      await runner.query(`CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`);
    } catch (error) {
      // Another database on the same server (roles are per server) may have created it meanwhile.
      if (!['42710', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
    }
  }
  await runner.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  // The audit trail is append-only for requests: events, their Merkle nodes and signed checkpoints.
  for (const table of ['audit_event', 'audit_merkle_node', 'audit_checkpoint']) {
    const [{ present }]: { present: boolean }[] = await runner.query('SELECT to_regclass($1) IS NOT NULL AS present', [
      `public.${table}`,
    ]);
    if (present) await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM ${role}`);
  }
  await runner.query(`REVOKE INSERT, UPDATE, DELETE ON typeorm_migrations FROM ${role}`); // it may read which ran
  await runner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  // The owner connects and becomes the runtime role; a superuser may anyway, anyone else needs it granted.
  const [{ superuser }]: { superuser: boolean }[] = await runner.query(
    'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
  );
  if (!superuser) await runner.query(`GRANT ${role} TO CURRENT_USER`);
  await wallOffAuthorities(runner);
}

// The setting is a UUID, or '*' for work that is not a request (authority-scope.ts); unset is nothing.
// Each side reads the setting in a scalar subquery, which PostgreSQL runs once per statement (an
// InitPlan) instead of once per row: the per-row regex made an authority-wide count ten times slower.
const SETTING = "current_setting('cp.authority_id', true)";
const UUID = "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'";
const VISIBLE = (column: string) =>
  `((SELECT ${SETTING} = '*') OR ${column} = (SELECT CASE WHEN ${SETTING} ~ ${UUID} THEN ${SETTING}::uuid END))`;
/** Marks a policy as this definition: an older one (per-row setting) is replaced on the next migration run. */
const POLICY_VERSION = 'authority_wall v2: the setting read once per statement';

/**
 * Row-level security on the authority table and every table with an authority_id (tables added by
 * later migrations included: this runs after every migration run). The owner is exempt, the
 * runtime role is not.
 */
async function wallOffAuthorities(runner: QueryRunner): Promise<void> {
  const tables: { table: string; column: string }[] = await runner.query(
    `SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND ((c.column_name = 'authority_id') OR (c.table_name = 'authority' AND c.column_name = 'id'))
      ORDER BY 1`,
  );
  for (const { table, column } of tables) {
    const policy: { version: string | null }[] = await runner.query(
      `SELECT obj_description(p.oid, 'pg_policy') AS version FROM pg_policy p
         JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = $1 AND p.polname = 'authority_wall'`,
      [table],
    );
    if (policy[0]?.version === POLICY_VERSION) continue;
    if (policy.length) {
      await runner.query(
        `ALTER POLICY authority_wall ON "${table}" USING ${VISIBLE(`"${column}"`)} WITH CHECK ${VISIBLE(`"${column}"`)}`,
      );
    } else {
      await runner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await runner.query(
        `CREATE POLICY authority_wall ON "${table}" USING ${VISIBLE(`"${column}"`)} WITH CHECK ${VISIBLE(`"${column}"`)}`,
      );
    }
    await runner.query(`COMMENT ON POLICY authority_wall ON "${table}" IS '${POLICY_VERSION}'`);
  }
}
