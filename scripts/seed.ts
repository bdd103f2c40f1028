import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createApp, ensureDevSecret } from '../src/bootstrap';
import { validateEnv } from '../src/config/env';
import { resolveDatabaseUrl } from '../src/database/database-url';
import { seedAuthority } from '../src/dev/demo-seed';
import { seedAuthorityFast } from '../src/dev/fast-seed';
import { DEMO_AUTHORITY } from '../src/dev/dev-tokens';

// npm run seed -- --children 20000 [--authority scale-x] [--teams 40] [--batch-children 200] [--via services|api] [--concurrency N]
// Seeds an authority into DATABASE_URL, or the embedded PostgreSQL under ./.data when unset. By
// default through the bulk import (docs/import.md): the domain services' own commands in batched
// transactions, every invariant and audit event as through the API. `--via api` tells the demo's
// fuller stories through the GraphQL API instead, one request per change (about 15x slower).
const { values } = parseArgs({
  options: {
    children: { type: 'string', default: '40' },
    authority: { type: 'string' },
    concurrency: { type: 'string' },
    teams: { type: 'string' },
    via: { type: 'string', default: 'services' },
    'batch-children': { type: 'string', default: '200' },
  },
});

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') throw new Error('The seed is refused when NODE_ENV=production');
  ensureDevSecret();
  const env = validateEnv(process.env);
  const children = Number(values.children);
  // services: transactions in flight (they overlap until their audit events); api: requests in flight.
  const concurrency = Number(values.concurrency ?? (values.via === 'api' ? 8 : 4));
  if (!Number.isInteger(children) || children < 1) throw new Error('--children must be a positive whole number');
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('--concurrency must be a positive whole number');
  const batchChildren = Number(values['batch-children']);
  if (!Number.isInteger(batchChildren) || batchChildren < 1)
    throw new Error('--batch-children must be a positive whole number');
  if (values.via !== 'services' && values.via !== 'api') throw new Error('--via must be services or api');
  // A new authority per run by default: case references and team names are unique per authority.
  const authority = values.authority ?? `scale-${new Date().toISOString().slice(0, 16).replace(/\D/g, '')}`;
  if (authority === DEMO_AUTHORITY)
    throw new Error('The demo authority is seeded by npm start; choose another --authority');
  const teams = values.teams ? Number(values.teams) : Math.max(3, Math.ceil(children / 500));
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const { url, embedded } = await resolveDatabaseUrl(env, say);
  // The API path's requests are the seed's own: the production rate limits are not for it.
  const app = await createApp({
    databaseUrl: url,
    env: {
      LOG_LEVEL: 'warn',
      SWEEP_INTERVAL_MINUTES: '0',
      RATE_LIMIT_CONCURRENT: String(Math.max(concurrency, 4)),
      RATE_LIMIT_PER_MINUTE: '100000000',
    },
  });
  try {
    if (values.via === 'services') {
      say(
        `Seeding authority "${authority}": ${children} children in ${teams} teams, through the bulk import: ${batchChildren} children a transaction, ${concurrency} at a time`,
      );
      const result = await seedAuthorityFast(app, env.AUTH_DEV_SECRET!, {
        authority,
        children,
        teams,
        batchChildren,
        concurrency,
      });
      say(
        `Seeded ${result.children} children (${result.lines} import lines, ${result.batches} transactions) in ${result.seconds.toFixed(1)}s: ${(result.children / result.seconds).toFixed(1)} children/s`,
      );
      process.stdout.write(`${JSON.stringify({ authority, ...result })}\n`);
      return;
    }
    say(`Seeding authority "${authority}": ${children} children in ${teams} teams, ${concurrency} requests in flight`);
    const result = await seedAuthority(app, env.AUTH_DEV_SECRET!, { authority, children, concurrency, teams });
    say(
      `Seeded ${result.children} children (${result.requests} API requests) in ${result.seconds.toFixed(1)}s: ${(result.requests / result.seconds).toFixed(0)} requests/s, ${(result.children / result.seconds).toFixed(1)} children/s`,
    );
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
