import { join } from 'node:path';
import { startEmbeddedPostgres, EmbeddedDatabase } from './embedded-postgres';

/**
 * DATABASE_URL when set; otherwise a real embedded PostgreSQL whose data lives under ./.data/
 * (kept between starts) and which stops with the process.
 */
export async function resolveDatabaseUrl(
  env: { DATABASE_URL?: string },
  log: (line: string) => void,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  log('DATABASE_URL is not set: starting an embedded PostgreSQL with its data under ./.data/pg');
  const embedded = await startEmbeddedPostgres({ dataDir: join(process.cwd(), '.data', 'pg'), persistent: true });
  return { url: embedded.url, embedded };
}
