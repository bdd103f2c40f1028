import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createApp, ensureDevSecret } from '../src/bootstrap';
import { validateEnv } from '../src/config/env';
import { resolveDatabaseUrl } from '../src/database/database-url';
import { seedAuthority } from '../src/dev/demo-seed';
import { DEMO_AUTHORITY } from '../src/dev/dev-tokens';

// npm run seed -- --children 20000 [--authority scale-x] [--concurrency 8] [--teams 40]
// Seeds an authority through the application's own API (every invariant and audit event holds),
// into DATABASE_URL, or the embedded PostgreSQL under ./.data when unset.
const { values } = parseArgs({
  options: {
    children: { type: 'string', default: '40' },
    authority: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    teams: { type: 'string' },
  },
});

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') throw new Error('The seed is refused when NODE_ENV=production');
  ensureDevSecret();
  const env = validateEnv(process.env);
  const children = Number(values.children);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(children) || children < 1) throw new Error('--children must be a positive whole number');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive whole number');
  // A new authority per run by default: case references and team names are unique per authority.
  const authority = values.authority ?? `scale-${new Date().toISOString().slice(0, 16).replace(/\D/g, '')}`;
  if (authority === DEMO_AUTHORITY) throw new Error('The demo authority is seeded by npm start; choose another --authority');
  const teams = values.teams ? Number(values.teams) : Math.max(3, Math.ceil(children / 500));
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const { url, embedded } = await resolveDatabaseUrl(env, say);
  const app = await createApp({ databaseUrl: url, env: { LOG_LEVEL: 'warn', SWEEP_INTERVAL_MINUTES: '0' } });
  try {
    say(`Seeding authority "${authority}": ${children} children in ${teams} teams, ${concurrency} requests in flight`);
    const result = await seedAuthority(app, env.AUTH_DEV_SECRET!, { authority, children, concurrency, teams });
    say(`Seeded ${result.children} children (${result.requests} API requests) in ${result.seconds.toFixed(1)}s: ${(result.requests / result.seconds).toFixed(0)} requests/s`);
    process.stdout.write(`${JSON.stringify({ authority, ...result })}\n`);
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`The seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
