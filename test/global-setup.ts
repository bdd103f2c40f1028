import { execFileSync } from 'node:child_process';
import { createScratchDatabase } from '../src/database/scratch-database';

/**
 * One fresh database for the whole run: a new database on DATABASE_URL's server when set,
 * else a throw-away embedded PostgreSQL cluster. Migrated once here, like a real start, in a
 * child process: loading the app's modules into Jest's outer realm would leak @nestjs/graphql's
 * global type metadata into the test sandboxes.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'cpw_test');
  execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/migration-run.ts'], {
    env: { ...process.env, DATABASE_URL: scratch.url },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.env.TEST_DATABASE_URL = scratch.url;
  (globalThis as { __scratch?: typeof scratch }).__scratch = scratch;
  process.stdout.write(
    `\ntest database ready in ${Date.now() - started} ms (${process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded PostgreSQL'})\n`,
  );
}
