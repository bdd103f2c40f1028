import { ChildProcess, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '../src/database/scratch-database';
import { BENCH_QUERY, BENCH_ROWS, createBenchTable } from './bench-data';

// npm run bench:frameworks: Mercurius (JIT) against Apollo inside NestJS 11 on Fastify, on a query that
// reads 50 rows, with a raw node:http + pg server as the 1.0 baseline. The contenders take turns
// (M, A, raw, M, A, raw ...) so that the machine's drift lands on all of them alike.
// Knobs: BENCH_SECONDS (10), BENCH_ROUNDS (2), BENCH_CONNECTIONS (10), DATABASE_URL.

// autocannon ships no types; this is the part used here.
interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS package
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<CannonResult>;

type Kind = 'mercurius' | 'apollo' | 'raw';
const KINDS: Kind[] = ['mercurius', 'apollo', 'raw'];
const LABEL: Record<Kind, string> = {
  mercurius: 'NestJS + Mercurius (JIT)',
  apollo: 'NestJS + Apollo Server',
  raw: 'node:http + pg (no GraphQL)',
};

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP_SECONDS = 3;

interface Contender {
  kind: Kind;
  url: string;
  child: ChildProcess;
}

function startContender(kind: Kind, databaseUrl: string): Promise<Contender> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'server.ts'), kind, databaseUrl], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /READY (\d+)/.exec(out);
      if (ready) ok({ kind, url: `http://127.0.0.1:${ready[1]}/graphql`, child });
    });
    child.on('exit', (code) => fail(new Error(`${kind} server exited with ${code} before it was ready`)));
  });
}

const stop = (c: Contender) =>
  new Promise<void>((ok) => {
    if (c.child.exitCode !== null) return ok();
    c.child.once('exit', () => ok());
    c.child.kill('SIGTERM');
  });

async function post(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: BENCH_QUERY }),
  });
  return { status: res.status, body: await res.text() };
}

const load = (url: string, duration: number) =>
  autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: BENCH_QUERY }),
  });

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main() {
  const started = Date.now();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'cpw_bench');
  const contenders: Contender[] = [];
  try {
    await createBenchTable(scratch.url);
    for (const kind of KINDS) contenders.push(await startContender(kind, scratch.url));

    // Same answer from everyone, or the comparison means nothing.
    const answers = await Promise.all(contenders.map((c) => post(c.url)));
    for (const [i, answer] of answers.entries()) {
      const items = JSON.parse(answer.body)?.data?.items;
      if (answer.status !== 200 || !Array.isArray(items) || items.length !== BENCH_ROWS)
        throw new Error(`${contenders[i].kind} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      if (JSON.stringify(items) !== JSON.stringify(JSON.parse(answers[0].body).data.items))
        throw new Error(`${contenders[i].kind} returned different data`);
    }

    say(
      `bench: ${BENCH_ROWS} rows x 5 fields per request, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded PostgreSQL'}`,
    );
    for (const c of contenders) await load(c.url, WARMUP_SECONDS);

    const rates: Record<Kind, number[]> = { mercurius: [], apollo: [], raw: [] };
    const p99: Record<Kind, number[]> = { mercurius: [], apollo: [], raw: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of contenders) {
        const r = await load(c.url, SECONDS);
        if (r.non2xx || r.errors || r.timeouts)
          throw new Error(`${c.kind}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
        rates[c.kind].push(r.requests.average);
        p99[c.kind].push(r.latency.p99);
        say(
          `  round ${round}  ${c.kind.padEnd(9)}  ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms`,
        );
      }
    }

    const raw = mean(rates.raw);
    say('');
    say('| server | req/s (mean of rounds) | each round | p99 ms | vs raw node:http + pg |');
    say('|---|---|---|---|---|');
    for (const kind of KINDS) {
      const m = mean(rates[kind]);
      say(
        `| ${LABEL[kind]} | ${m.toFixed(0)} | ${rates[kind].map((x) => x.toFixed(0)).join(', ')} | ${mean(p99[kind]).toFixed(0)} | ${(m / raw).toFixed(2)} |`,
      );
    }
    const perRound = rates.mercurius.map((m, i) => m / rates.apollo[i]);
    say('');
    say(
      `Mercurius / Apollo: ${(mean(rates.mercurius) / mean(rates.apollo)).toFixed(2)} (per round: ${perRound.map((x) => x.toFixed(2)).join(', ')})`,
    );
    say(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await Promise.all(contenders.map(stop));
    await scratch.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
