import { DataSource } from 'typeorm';
import { grantRuntimeRole } from './runtime-role';

// One constant key: every instance of the service serialises its migration run on it.
const MIGRATION_LOCK_KEY = 0x6370_6d69; // 'cpmi'

/**
 * Runs pending migrations under a PostgreSQL session advisory lock, so that several instances
 * starting at once apply each migration exactly once; the later ones wait, then find none pending.
 * Then (re)grants the runtime role that the service's requests run as.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      await grantRuntimeRole(runner);
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** SQL that would bring the schema in line with the entities: empty when migrations match them. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query) };
}
