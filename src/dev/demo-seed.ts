import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { quietRequestLogs } from '../config/logging';
import { buildCast, Cast } from './demo-cast';
import { DemoClient, pool, ProgressBar } from './demo-client';
import { Clock } from '../clock/clock';
import { storiesAsOf } from './demo-stories';
import { DEMO_AUTHORITY } from './dev-tokens';

const ANALYZE_EVERY = 500;

/** ANALYZE needs the tables' owner: the app's own connections run as the runtime role (issue 12). */
export async function analyzeAsOwner(dataSource: DataSource): Promise<void> {
  const owner = new Client({ connectionString: (dataSource.options as { url?: string }).url });
  await owner.connect();
  try {
    await owner.query('ANALYZE');
  } finally {
    await owner.end();
  }
}

export interface SeedOptions {
  authority: string;
  children: number;
  /** requests in flight; the audit chain serialises commits per authority, the rest overlaps */
  concurrency?: number;
  teams?: number;
  casePrefix?: string;
  progress?: boolean;
  /** the authority's people, when they were made already (e.g. by the fast seed's caller) */
  cast?: Cast;
}

export interface SeedResult {
  children: number;
  requests: number;
  seconds: number;
}

/**
 * Seeds an authority through the application's own GraphQL API (see DemoClient): teams and staff
 * of every role, then one story per child (demo-stories.ts), then the deadline sweep, which
 * breaches the escalations left unanswered and alerts the owners of overdue actions.
 */
export async function seedAuthority(
  app: NestFastifyApplication,
  secret: string,
  options: SeedOptions,
): Promise<SeedResult> {
  const started = performance.now();
  const client = new DemoClient(app, secret);
  const cast = options.cast ?? (await buildCast(client, options.authority, options.teams ?? 3));
  const bar = options.progress === false ? null : new ProgressBar(options.children, `Seeding ${options.authority}`);
  const prefix = options.casePrefix ?? options.authority.toUpperCase();
  const dataSource = app.get(DataSource);
  const { tellStory } = storiesAsOf(app.get(Clock).today());
  let told = 0;
  let analyzing: Promise<unknown> | null = null;
  await pool(
    Array.from({ length: options.children }, (_, i) => i),
    options.concurrency ?? 4,
    async (i) => {
      await tellStory(client, cast, i, prefix);
      bar?.tick();
      // A bulk load outruns autovacuum's statistics, and stale ones pick authority-wide scans that
      // grow with every child (measured: 3 children/s at 3,000 children, 17/s after ANALYZE).
      if (++told % ANALYZE_EVERY === 0 && !analyzing)
        analyzing = analyzeAsOwner(dataSource).finally(() => (analyzing = null));
    },
  );
  await analyzing;
  await client.gql(cast.admin, 'mutation { runDeadlineSweep { breachedStages } }');
  return { children: options.children, requests: client.calls, seconds: (performance.now() - started) / 1000 };
}

export const DEMO_CHILDREN = 40;

/** On start outside production: seeds the demo authority when it has no children yet (idempotent). */
export async function seedDemoIfEmpty(
  app: NestFastifyApplication,
  env: { NODE_ENV?: string; AUTH_DEV_SECRET?: string },
  say: (line: string) => void,
): Promise<SeedResult | null> {
  if (env.NODE_ENV === 'production' || !env.AUTH_DEV_SECRET) return null;
  const dataSource = app.get(DataSource);
  const [{ children, teams }]: { children: number; teams: number }[] = await dataSource.query(
    `SELECT (SELECT count(*) FROM child c WHERE c.authority_id = a.id)::int AS children, (SELECT count(*) FROM team t WHERE t.authority_id = a.id)::int AS teams
     FROM (SELECT (SELECT id FROM authority WHERE code = $1) AS id) a`,
    [DEMO_AUTHORITY],
  );
  if (children > 0) return null;
  if (teams > 0) {
    say(`The demo authority has teams but no children (an interrupted seed?); not seeding it again.`);
    return null;
  }
  say(`Seeding the demo authority "${DEMO_AUTHORITY}" (${DEMO_CHILDREN} children) through the API...`);
  // Hundreds of request lines would bury the progress and the tokens: they go to debug meanwhile.
  quietRequestLogs(true);
  const result = await seedAuthority(app, env.AUTH_DEV_SECRET, {
    authority: DEMO_AUTHORITY,
    children: DEMO_CHILDREN,
    concurrency: 4,
  }).finally(() => quietRequestLogs(false));
  say(`Seeded ${result.children} children with ${result.requests} requests in ${result.seconds.toFixed(1)}s.`);
  return result;
}
