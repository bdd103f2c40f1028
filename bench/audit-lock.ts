import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { signDevToken } from '../src/auth/dev-token';
import { Role } from '../src/auth/role';
import { createApp } from '../src/bootstrap';
import { createScratchDatabase } from '../src/database/scratch-database';

// What the per-authority audit chain head lock costs (issue 13). Writes per second, 8 concurrent
// clients, on a fresh scratch database of DATABASE_URL's server:
//   1. registerChild (an audited create through GraphQL, CommandRunner, AuditService) in ONE authority
//   2. the same spread over 8 authorities (one each); then both again with raiseEscalation, which
//      does more work after its first audit event (stage row, inbox alert)
//   3. raw SQL in one authority: BEGIN; INSERT child; lock the head; INSERT audit_event and the
//      Merkle nodes; UPDATE the head; COMMIT (the service's statements, no Node service around them),
//      once as five statements under the lock (before issue 13's change) and once as two (after)
//   4. raw SQL, the same inserts without the head (sequences from a per-client counter): no lock at all
// npm run bench:audit-lock   Knobs: BENCH_SECONDS (10), BENCH_CLIENTS (8), DATABASE_URL.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECRET = randomBytes(32).toString('base64url');
const RAISED_ON = '2026-11-02';

async function timed(work: (client: number, n: number) => Promise<void>): Promise<number> {
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; performance.now() < until; n++) {
        await work(client, n);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

async function main() {
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'bench_audit');
  const app = await createApp({
    databaseUrl: scratch.url,
    env: {
      NODE_ENV: 'test',
      AUTH_DEV_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_MINUTES: '0',
      AUDIT_CHECKPOINT_MINUTES: '0',
      RATE_LIMIT_CONCURRENT: '100',
      RATE_LIMIT_PER_MINUTE: '100000000',
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/graphql`;
  const gql = async (token: string, query: string, variables: object = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, { id: string }>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const tag = randomBytes(3).toString('hex');
  const authorities = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const code = `bench-${tag}-${i}`;
      const token = await signDevToken(SECRET, {
        subject: `admin-${code}`,
        name: 'Admin',
        roles: [Role.ADMIN],
        authority: code,
      });
      await gql(token, '{ me { id } }');
      const team = await gql(token, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
        i: { name: 'Bench team', managerSubject: `tm-${code}`, serviceManagerSubject: `sm-${code}` },
      });
      const chair = await signDevToken(SECRET, {
        subject: `chair-${code}`,
        name: 'Chair',
        roles: [Role.CHAIR],
        authority: code,
      });
      await gql(chair, '{ me { id } }');
      const child = await gql(token, 'mutation($i: RegisterChildInput!) { registerChild(input: $i) { id } }', {
        i: { caseReference: `E-${code}`, name: 'Bench child', teamId: team.createTeam.id, dateOfBirth: '2016-05-01' },
      });
      return { code, token, chair, teamId: team.createTeam.id, childId: child.registerChild.id };
    }),
  );
  const register = (a: (typeof authorities)[number], ref: string) =>
    gql(a.token, 'mutation($i: RegisterChildInput!) { registerChild(input: $i) { id } }', {
      i: { caseReference: ref, name: 'Bench child', teamId: a.teamId, dateOfBirth: '2016-05-01' },
    });

  const raise = (a: (typeof authorities)[number]) =>
    gql(a.chair, 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id } }', {
      i: { childId: a.childId, concern: 'OTHER', summary: 'Bench escalation', raisedOn: RAISED_ON },
    });

  const results: [string, number][] = [];
  results.push([
    'registerChild, 1 authority',
    await timed((c, n) => register(authorities[0], `one-${c}-${n}`).then(() => undefined)),
  ]);
  results.push([
    `registerChild, ${CLIENTS} authorities`,
    await timed((c, n) => register(authorities[c], `many-${c}-${n}`).then(() => undefined)),
  ]);
  results.push(['raiseEscalation, 1 authority', await timed(() => raise(authorities[0]).then(() => undefined))]);
  results.push([
    `raiseEscalation, ${CLIENTS} authorities`,
    await timed((c) => raise(authorities[c]).then(() => undefined)),
  ]);

  const [{ id: authorityId }] = await app
    .get(DataSource)
    .query('SELECT id FROM authority WHERE code = $1', [authorities[0].code]);
  const teamId = authorities[0].teamId;
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new Client({ connectionString: scratch.url });
      await client.connect();
      return client;
    }),
  );
  const child = (c: Client, ref: string) =>
    c.query(
      "INSERT INTO child (authority_id, case_reference, name, date_of_birth, team_id) VALUES ($1, $2, 'Raw child', '2016-05-01', $3) RETURNING id",
      [authorityId, ref, teamId],
    );
  const event = (c: Client, childId: string, sequence: number) =>
    c.query(
      `INSERT INTO audit_event (authority_id, sequence, at, entity_type, entity_id, action, details, previous_hash, hash)
     VALUES ($1, $2, now(), 'Child', $3, 'CHILD_REGISTERED', '{"x":1}', $4, $5)`,
      [authorityId, sequence, childId, 'a'.repeat(64), randomBytes(32).toString('hex')],
    );
  // The service's statements before issue 13's change: five round trips under the lock.
  results.push([
    'raw SQL, head lock, 5 statements under it',
    await timed(async (ci, n) => {
      const c = clients[ci];
      await c.query('BEGIN');
      const {
        rows: [row],
      } = await child(c, `raw5-${ci}-${n}`);
      await c.query('INSERT INTO audit_chain_head (authority_id) VALUES ($1) ON CONFLICT DO NOTHING', [authorityId]);
      const {
        rows: [head],
      } = await c.query('SELECT last_sequence FROM audit_chain_head WHERE authority_id = $1 FOR UPDATE', [authorityId]);
      await event(c, row.id, head.last_sequence + 1);
      await c.query('INSERT INTO audit_merkle_node (authority_id, level, node_index, hash) VALUES ($1, 0, $2, $3)', [
        authorityId,
        head.last_sequence,
        'b'.repeat(64),
      ]);
      await c.query('UPDATE audit_chain_head SET last_sequence = $2 WHERE authority_id = $1', [
        authorityId,
        head.last_sequence + 1,
      ]);
      await c.query('COMMIT');
    }),
  ]);
  // As AuditService.append does now: lock and read, then one statement for event, node and head.
  results.push([
    'raw SQL, head lock, 2 statements under it',
    await timed(async (ci, n) => {
      const c = clients[ci];
      await c.query('BEGIN');
      const {
        rows: [row],
      } = await child(c, `raw2-${ci}-${n}`);
      const {
        rows: [head],
      } = await c.query('SELECT last_sequence FROM audit_chain_head WHERE authority_id = $1 FOR UPDATE', [authorityId]);
      await c.query(
        `WITH e AS (INSERT INTO audit_event (authority_id, sequence, at, entity_type, entity_id, action, details, previous_hash, hash)
                  VALUES ($1, $2, now(), 'Child', $3, 'CHILD_REGISTERED', '{"x":1}', $4, $5)),
            n AS (INSERT INTO audit_merkle_node (authority_id, level, node_index, hash) VALUES ($1, 0, $2 - 1, $4))
       UPDATE audit_chain_head SET last_sequence = $2 WHERE authority_id = $1`,
        [authorityId, head.last_sequence + 1, row.id, 'a'.repeat(64), randomBytes(32).toString('hex')],
      );
      await c.query('COMMIT');
    }),
  ]);
  results.push([
    'raw SQL without the head (no lock), 1 authority',
    await timed(async (ci, n) => {
      const c = clients[ci];
      await c.query('BEGIN');
      const {
        rows: [row],
      } = await child(c, `raw-${ci}-${n}`);
      await event(c, row.id, 10_000_000 * (ci + 1) + n);
      await c.query('COMMIT');
    }),
  ]);
  for (const c of clients) await c.end();
  await app.close();
  await scratch.drop();
  process.stdout.write(`${CLIENTS} clients, ${SECONDS} s each\n`);
  for (const [label, rate] of results)
    process.stdout.write(`${label.padEnd(50)} ${rate.toFixed(0).padStart(6)} writes/s\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
