import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signDevToken } from '../src/auth/dev-token';
import { Role } from '../src/auth/role';
import { createApp } from '../src/bootstrap';
import { createScratchDatabase } from '../src/database/scratch-database';
import { seedAuthority } from '../src/dev/demo-seed';

// Issue 12: can one subject starve the rest? `node -r @swc-node/register bench/flood.ts`
// Seeds an authority (FLOOD_CHILDREN, 200) in a scratch database on DATABASE_URL (or an embedded
// PostgreSQL), starts the service with its production limits in a child process, and for
// FLOOD_SECONDS (15) per scenario has one subject keep 40 requests in flight while a chair looks
// an escalation up every 200 ms and /health/ready is polled every 250 ms. Prints one line per scenario.

const SECONDS = Number(process.env.FLOOD_SECONDS ?? 15);
const CHILDREN = Number(process.env.FLOOD_CHILDREN ?? 200);
const IN_FLIGHT = 40;
const SECRET = 'flood-bench-secret-0123456789-abcdefghijklmnop';
const AUTHORITY = 'flood-bench';

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const REPORT = 'performance(from: "2016-01-01", to: "2025-12-31") { actionsOverdue escalationsRaised }';
const SCENARIOS = [
  {
    name: 'auditor: 30 x verifyAuditChain',
    who: 'auditor',
    query: aliases(30, 'verifyAuditChain { valid eventsChecked }'),
  },
  { name: 'team manager: 30 x performance over 10 years', who: 'tm', query: aliases(30, REPORT) },
  // Within the work budget, so they reach the database: the concurrent limit is what holds them.
  {
    name: 'another auditor: 1 x verifyAuditChain (within budget)',
    who: 'auditor2',
    query: aliases(1, 'verifyAuditChain { valid eventsChecked }'),
  },
  {
    name: 'another team manager: 3 x performance over 10 years (within budget)',
    who: 'tm2',
    query: aliases(3, REPORT),
  },
] as const;

const person = (sub: string, name: string, role: Role) => ({
  subject: `${AUTHORITY}-${sub}`,
  name,
  roles: [role],
  authority: AUTHORITY,
});
// One flooding subject per scenario, so that each starts with a fresh minute.
const PEOPLE = {
  auditor: person('auditor', 'Auditor', Role.AUDITOR),
  auditor2: person('auditor-2', 'Second Auditor', Role.AUDITOR),
  tm: person('tm-1', 'Team Manager 1', Role.TEAM_MANAGER),
  tm2: person('tm-2', 'Team Manager 2', Role.TEAM_MANAGER),
  chair: person('chair-1', 'Chair 1', Role.CHAIR),
};

const percentile = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN;

async function post(url: string, token: string, query: string, variables?: object) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => null)) as {
    data?: unknown;
    errors?: { extensions?: { code?: string } }[];
  } | null;
  return { status: res.status, code: body?.errors?.[0]?.extensions?.code ?? null };
}

async function scenario(
  url: string,
  tokens: Record<string, string>,
  escalationIds: string[],
  s: (typeof SCENARIOS)[number],
) {
  const until = performance.now() + SECONDS * 1000;
  const flood = new Map<string, number>();
  const count = (key: string) => flood.set(key, (flood.get(key) ?? 0) + 1);
  const floodLoop = async () => {
    while (performance.now() < until) {
      try {
        const r = await post(url, tokens[s.who], s.query);
        count(`${r.status} ${r.code ?? 'ok'}`);
      } catch {
        count('network error');
      }
    }
  };
  const lookups: number[] = [];
  const lookupFailures = new Map<string, number>();
  const victim = async () => {
    for (let i = 0; performance.now() < until; i++) {
      const started = performance.now();
      const r = await post(url, tokens.chair, 'query($id: ID!) { escalation(id: $id) { id reference stage status } }', {
        id: escalationIds[i % escalationIds.length],
      });
      lookups.push(performance.now() - started);
      if (r.status !== 200 || r.code)
        lookupFailures.set(`${r.status} ${r.code}`, (lookupFailures.get(`${r.status} ${r.code}`) ?? 0) + 1);
      await new Promise((ok) => setTimeout(ok, 200)); // a person clicking, not a second flood
    }
  };
  const health = new Map<number, number>();
  const healthLoop = async () => {
    while (performance.now() < until) {
      const res = await fetch(`${url}/health/ready`);
      health.set(res.status, (health.get(res.status) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  await Promise.all([...Array.from({ length: IN_FLIGHT }, floodLoop), victim(), healthLoop()]);
  const fivexx = [...flood].filter(([k]) => k.startsWith('5') || k === 'network error').reduce((n, [, v]) => n + v, 0);
  return {
    scenario: s.name,
    flood: Object.fromEntries(flood),
    flood5xx: fivexx,
    chairLookups: lookups.length,
    chairFailures: Object.fromEntries(lookupFailures),
    chairMs: {
      p50: Math.round(percentile(lookups, 50)),
      p99: Math.round(percentile(lookups, 99)),
      max: Math.round(Math.max(...lookups)),
    },
    healthReady: Object.fromEntries(health),
  };
}

async function main() {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'cpw_flood');
  let server: ReturnType<typeof spawn> | undefined;
  try {
    // Seed through the API, with the limits raised for the loader only.
    const seeding = await createApp({
      databaseUrl: scratch.url,
      env: {
        NODE_ENV: 'test',
        AUTH_DEV_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        SWEEP_INTERVAL_MINUTES: '0',
        RATE_LIMIT_CONCURRENT: '100',
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
    });
    const seeded = await seedAuthority(seeding, SECRET, {
      authority: AUTHORITY,
      children: CHILDREN,
      teams: 3,
      progress: false,
    });
    await seeding.close();
    say(`seeded ${seeded.children} children with ${seeded.requests} requests in ${seeded.seconds.toFixed(0)} s`);

    server = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'flood-server.ts'), scratch.url], {
      // Nest's ConfigModule copied the seeding app's raised limits into process.env: not those.
      env: {
        ...process.env,
        NODE_ENV: 'test',
        AUTH_DEV_SECRET: SECRET,
        RATE_LIMIT_CONCURRENT: '',
        RATE_LIMIT_PER_MINUTE: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      server!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const ready = /READY (\d+)/.exec(out);
        if (ready) ok(`http://127.0.0.1:${ready[1]}`);
      });
      server!.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
    });
    const tokens = Object.fromEntries(
      await Promise.all(Object.entries(PEOPLE).map(async ([k, p]) => [k, await signDevToken(SECRET, p)] as const)),
    );
    const listed = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.chair}` },
      body: JSON.stringify({ query: '{ escalations(first: 50) { edges { node { id } } } }' }),
    });
    const escalationIds = (
      (await listed.json()) as { data: { escalations: { edges: { node: { id: string } }[] } } }
    ).data.escalations.edges.map((e) => e.node.id);
    if (!escalationIds.length) throw new Error('the seed made no escalations to look up');
    const [{ eventsChecked }] = [
      (
        (await (
          await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.auditor}` },
            body: JSON.stringify({ query: '{ verifyAuditChain { eventsChecked } }' }),
          })
        ).json()) as { data: { verifyAuditChain: { eventsChecked: number } } }
      ).data.verifyAuditChain,
    ];
    say(
      `audit chain: ${eventsChecked} events; ${escalationIds.length} escalations to look up; ${IN_FLIGHT} flood requests in flight for ${SECONDS} s per scenario`,
    );
    for (const s of SCENARIOS) {
      say(JSON.stringify(await scenario(url, tokens, escalationIds, s)));
      await new Promise((r) => setTimeout(r, 2000));
    }
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await scratch.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
