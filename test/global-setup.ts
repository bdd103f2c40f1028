import { createScratchDatabase } from '../src/database/scratch-database';
import { migrate } from '../src/bootstrap';

/**
 * One fresh database for the whole run: a new database on DATABASE_URL's server when set,
 * else a throw-away embedded PostgreSQL cluster. Migrated once here, like a real start.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'cpw_test');
  await migrate(scratch.url);
  process.env.TEST_DATABASE_URL = scratch.url;
  (globalThis as { __scratch?: typeof scratch }).__scratch = scratch;
  process.stdout.write(`\ntest database ready in ${Date.now() - started} ms (${process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded PostgreSQL'})\n`);
}
