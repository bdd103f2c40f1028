import { QueryRunner } from 'typeorm';

/** The role the service's requests run as (issue 12): it reads and writes rows, and nothing more. */
export const RUNTIME_ROLE = 'cp_workflow_runtime';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates the runtime role when missing and grants it, as the owner, what requests need: rows of
 * every table (audit events SELECT and INSERT only), sequences, and no DDL, TRUNCATE or trigger
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
  await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${role}`);
  await runner.query(`REVOKE ALL ON typeorm_migrations FROM ${role}`);
  await runner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  // The owner connects and becomes the runtime role; a superuser may anyway, anyone else needs it granted.
  const [{ superuser }] = await runner.query('SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user');
  if (!superuser) await runner.query(`GRANT ${role} TO CURRENT_USER`);
}
