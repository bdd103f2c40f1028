/**
 * Issue 12, "trust at the edges": the hostile cases, one per finding, top to bottom.
 * Every test here failed before the issue's changes. Runs on the real date (nothing here depends on it).
 */
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { QueryFailedError } from 'typeorm';
import { safeError } from '../../src/common/log-safety';
import { authorityScope } from '../../src/common/authority-scope';
import { Role } from '../../src/auth/role';
import { DEV_ISSUER } from '../../src/auth/dev-token';
import { errorCode, gql, ok, Person, startTestApp, TEST_SECRET, TestApp, tokenFor } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';
import { WS_LIMITS, WsSessions } from '../../src/graphql/ws-sessions';

const secret = new TextEncoder().encode(TEST_SECRET);
// A dev token with the dev issuer (so that only the defect under test is wrong), unless `iss: null`.
const sign = (
  { iss = DEV_ISSUER, ...claims }: Record<string, unknown> & { iss?: string | null },
  build: (jwt: SignJWT) => SignJWT = (j) => j,
) =>
  build(
    new SignJWT({ name: 'Hostile', roles: ['CHAIR'], ...claims, ...(iss ? { iss } : {}) }).setProtectedHeader({
      alg: 'HS256',
    }),
  ).sign(secret);

describe('hostile: tokens', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'hostile-tok');
  });
  afterAll(() => t.close());

  const meWith = (token: string) => gql(t, `Bearer ${token}`, '{ me { id } }');

  it('refuses a token without exp', async () => {
    const token = await sign({ authority: w.authority }, (j) => j.setSubject('no-exp').setIssuedAt());
    expect((await meWith(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token that lives longer than AUTH_MAX_TOKEN_AGE (12 h by default), with or without iat', async () => {
    const century = await sign({ authority: w.authority }, (j) =>
      j.setSubject('long').setIssuedAt().setExpirationTime('100y'),
    );
    const noIat = await sign({ authority: w.authority }, (j) => j.setSubject('long').setExpirationTime('13h'));
    for (const token of [century, noIat])
      expect((await meWith(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const twelveHours = await sign({ authority: w.authority }, (j) =>
      j.setSubject('long').setIssuedAt().setExpirationTime('12h'),
    );
    expect((await meWith(twelveHours)).errors).toBeUndefined();
  });

  it('refuses NUL and other control characters in any claim as UNAUTHENTICATED, never BAD_USER_INPUT', async () => {
    for (const [sub, name] of [
      ['nul\u0000sub', 'x'],
      ['tab', 'Bad\u0007Name'],
      ['esc\u001b', 'x'],
    ]) {
      const token = await sign({ authority: w.authority, name }, (j) =>
        j.setSubject(sub).setIssuedAt().setExpirationTime('1h'),
      );
      expect((await meWith(token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('with no AUTH_ISSUER, accepts a dev token without iss, and still refuses a foreign iss', async () => {
    const noIss = await sign({ authority: w.authority, iss: null }, (j) =>
      j.setSubject('no-iss').setIssuedAt().setExpirationTime('1h'),
    );
    expect((await meWith(noIss)).errors).toBeUndefined();
    expect(await errorCode(t, `Bearer ${await tokenFor(w.chair, { issuer: 'someone-else' })}`, '{ me { id } }')).toBe(
      'UNAUTHENTICATED',
    );
  });

  // Held before too: kept beside the case above, as the other half of CONTRACT.md's rule.
  it('with AUTH_ISSUER configured, requires it', async () => {
    const strict = await startTestApp({ AUTH_ISSUER: 'https://idp.example.test' });
    try {
      const person: Person = { sub: 'iss-check', roles: [Role.CHAIR], authority: w.authority };
      expect(await errorCode(strict, person, '{ me { id } }')).toBe('UNAUTHENTICATED');
      const noIss = await sign({ authority: w.authority, iss: null }, (j) =>
        j.setSubject('iss-check').setIssuedAt().setExpirationTime('1h'),
      );
      expect(await errorCode(strict, `Bearer ${noIss}`, '{ me { id } }')).toBe('UNAUTHENTICATED');
      await ok(strict, `Bearer ${await tokenFor(person, { issuer: 'https://idp.example.test' })}`, '{ me { id } }');
    } finally {
      await strict.close();
      delete process.env.AUTH_ISSUER; // Nest's ConfigModule copies the validated env into process.env
    }
  });
});

/** A raw graphql-transport-ws socket, so close codes and error frames can be seen as they are. */
interface RawSocket {
  ws: WebSocket;
  frames: { type: string; id?: string; payload?: any }[];
  closed: Promise<number>;
  send(message: object): void;
  /** resolves with the first frame matching, or fails after `ms` */
  frame(
    match: (f: { type: string; id?: string; payload?: any }) => boolean,
    ms?: number,
  ): Promise<{ type: string; id?: string; payload?: any }>;
}

function openSocket(t: TestApp): Promise<RawSocket> {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const frames: RawSocket['frames'] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    waiters.forEach((w) => w());
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const socket: RawSocket = {
    ws,
    frames,
    closed,
    send: (message) => ws.send(JSON.stringify(message)),
    frame: (match, ms = 3000) =>
      new Promise((resolve, reject) => {
        // eslint-disable-next-line prefer-const -- check() may run (and clear it) before it is set
        let timer: NodeJS.Timeout | undefined;
        const check = () => {
          const found = frames.find(match);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
          return !!found;
        };
        if (check()) return;
        waiters.push(check);
        timer = setTimeout(
          () => reject(new Error(`no matching frame within ${ms} ms; got ${JSON.stringify(frames).slice(0, 500)}`)),
          ms,
        );
      }),
  };
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve(socket));
    ws.on('error', reject);
  });
}

async function initialised(t: TestApp, token: string): Promise<RawSocket> {
  const socket = await openSocket(t);
  socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  await socket.frame((f) => f.type === 'connection_ack');
  return socket;
}

const SUBSCRIBE = 'subscription { inboxItemAdded { reason } }';
const within = <T>(p: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)),
  );
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
};

describe('hostile: WebSocket sessions', () => {
  let t: TestApp;
  let w: World;
  const sockets: RawSocket[] = [];
  const track = (s: RawSocket) => (sockets.push(s), s);
  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'hostile-ws');
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await t.close();
  });

  it('closes the socket 4401 when its token expires; before that, operations run', async () => {
    const socket = track(await initialised(t, await tokenFor(w.teamA.manager, { expiresIn: '3s' })));
    socket.send({ id: 'sub', type: 'subscribe', payload: { query: SUBSCRIBE } });
    socket.send({ id: 'me', type: 'subscribe', payload: { query: '{ me { id } }' } });
    expect((await socket.frame((f) => f.id === 'me' && f.type === 'next')).payload).toEqual({
      data: { me: { id: w.teamA.manager.id } },
    });
    expect(await within(socket.closed, 5000)).toBe(4401);
  });

  it('authorises each operation with the token as it is now, not as it was at connection_init', async () => {
    const sessions = t.app.get(WsSessions);
    const socket = track(await initialised(t, await tokenFor(w.chair, { expiresIn: '2s' })));
    // Keep the socket open past expiry, to see what an operation on it would get.
    const closing = jest
      .spyOn(sessions as unknown as { closeOnExpiry: () => void }, 'closeOnExpiry')
      .mockImplementation(() => undefined);
    try {
      await new Promise((r) => setTimeout(r, 2500));
      socket.send({ id: 'late', type: 'subscribe', payload: { query: '{ me { id } }' } });
      const frame = await socket.frame((f) => f.id === 'late');
      expect(frame).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    } finally {
      closing.mockRestore();
    }
  });

  it('closes a socket that sends no connection_init within a few seconds (4408)', async () => {
    const socket = track(await openSocket(t));
    expect(await within(socket.closed, 8000)).toBe(4408);
  });

  it('closes 4403 on a connection_init with a bad or missing token', async () => {
    const bad = track(await openSocket(t));
    bad.send({ type: 'connection_init', payload: { authorization: 'Bearer nope' } });
    expect(await within(bad.closed, 3000)).toBe(4403);
    const none = track(await openSocket(t));
    none.send({ type: 'connection_init' });
    expect(await within(none.closed, 3000)).toBe(4403);
  });

  it('caps sockets per subject (4429), without touching anyone else', async () => {
    const token = await tokenFor(w.director);
    for (let i = 0; i < WS_LIMITS.socketsPerSubject; i++) track(await initialised(t, token));
    const extra = track(await openSocket(t));
    extra.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    expect(await within(extra.closed, 3000)).toBe(4429);
    track(await initialised(t, await tokenFor(w.headOfService)));
  });

  it('caps subscriptions per subject, with a RATE_LIMITED error frame', async () => {
    const socket = track(await initialised(t, await tokenFor(w.serviceManager)));
    for (let i = 0; i < WS_LIMITS.subscriptionsPerSubject; i++)
      socket.send({ id: `s${i}`, type: 'subscribe', payload: { query: SUBSCRIBE } });
    await new Promise((r) => setTimeout(r, 500));
    expect(socket.frames.filter((f) => f.type === 'error')).toEqual([]);
    socket.send({ id: 'one-too-many', type: 'subscribe', payload: { query: SUBSCRIBE } });
    const refused = await socket.frame((f) => f.id === 'one-too-many');
    expect(refused).toMatchObject({
      type: 'error',
      payload: [{ extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) } }],
    });
    // Completing one gives its slot back.
    socket.send({ id: 's0', type: 'complete' });
    socket.send({ id: 'after-complete', type: 'subscribe', payload: { query: SUBSCRIBE } });
    await new Promise((r) => setTimeout(r, 500));
    expect(socket.frames.find((f) => f.id === 'after-complete')).toBeUndefined();
  });

  it('validates subscription documents with the HTTP rules: unknown fields, aliases, depth, tokens, directives', async () => {
    const socket = track(await initialised(t, await tokenFor(w.chair2)));
    const aliases = `subscription { ${Array.from({ length: 200 }, (_, i) => `a${i}: inboxItemAdded { reason }`).join(' ')} }`;
    const deep = `subscription { inboxItemAdded { escalation { child { team { manager { team { manager { team { manager { team { manager { team { manager { team { id } } } } } } } } } } } } } } }`;
    const tokens = `subscription { inboxItemAdded { ${'reason '.repeat(3500)} } }`;
    const directives = `subscription { inboxItemAdded { reason ${'@include(if: true) '.repeat(30)} } }`;
    const cases = {
      unknown: 'subscription { inboxItemAdded { reason secretField } }',
      aliases,
      deep,
      tokens,
      directives,
      syntax: 'subscription {',
    };
    for (const [id, query] of Object.entries(cases)) socket.send({ id, type: 'subscribe', payload: { query } });
    for (const id of Object.keys(cases)) {
      const frame = await socket.frame((f) => f.id === id);
      expect([id, frame.type, frame.payload[0]?.extensions?.code]).toEqual([id, 'error', 'BAD_USER_INPUT']);
    }
  });

  it('gives every error on the socket an extensions.code through the one error mapping', async () => {
    const socket = track(await initialised(t, await tokenFor(w.auditor)));
    socket.send({
      id: 'forbidden',
      type: 'subscribe',
      payload: { query: 'mutation { createTeam(input: { name: "X" }) { id } }' },
    });
    const forbidden = await socket.frame((f) => f.id === 'forbidden');
    expect(forbidden.payload.errors[0].extensions.code).toBe('FORBIDDEN');
    socket.send({ id: 'unknown', type: 'subscribe', payload: { query: '{ nothingHere }' } });
    expect((await socket.frame((f) => f.id === 'unknown')).payload[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('hostile: personal data and secrets never reach the log', () => {
  let t: TestApp;
  let w: World;
  const lines: string[] = [];
  beforeAll(async () => {
    // The most talkative level, so nothing is hidden by the level alone.
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { logStream: { write: (line: string) => void lines.push(line) } });
    w = await buildWorld(t, 'hostile-log');
  });
  afterAll(() => t.close());

  it('logs none of the values the database refuses, nor a token in the query string', async () => {
    lines.length = 0;
    const child = await gql(t, w.admin, 'mutation($i: RegisterChildInput!) { registerChild(input: $i) { id } }', {
      i: {
        caseReference: 'HOSTILE-REF-7731',
        name: 'Zara\u0000Quintrell',
        teamId: w.teamA.id,
        dateOfBirth: '2020-01-01',
      },
    });
    expect(child.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const childId = await w.child(w.teamA);
    const escalation = await gql(
      t,
      w.chair,
      'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id } }',
      {
        i: { childId, concern: 'OTHER', summary: 'Quintrell summary \u0000 with a NUL', raisedOn: '2026-01-01' },
      },
    );
    expect(escalation.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const token = await tokenFor(w.auditor);
    await t.http.get(`/exports/escalations.csv?access_token=${token}`);
    const log = lines.join('');
    expect(log).toContain('request completed'); // the capture works
    for (const secret of ['Quintrell', 'HOSTILE-REF-7731', token, token.split('.')[2], 'INSERT INTO', 'parameters'])
      expect(log).not.toContain(secret);
  });

  it('serialises an unexpected database error by its SQLSTATE, without SQL, parameters or detail', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23514',
      severity: 'ERROR',
      detail: 'Failing row contains (Quintrell)',
      table: 'child',
      routine: 'ExecConstraints',
    });
    const logged = JSON.stringify(
      safeError(new QueryFailedError('INSERT INTO child (name) VALUES ($1)', ['Quintrell'], driverError)),
    );
    expect(logged).toContain('23514');
    expect(logged).not.toMatch(/Quintrell|INSERT|duplicate key/);
  });
});

describe('hostile: a change of name or roles in the token is audited', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'hostile-audit');
  });
  afterAll(() => t.close());

  it('records one STAFF_MEMBER_UPDATED event with the old and new values', async () => {
    const promoted: Person = { ...w.chair, name: 'Chair Renamed', roles: [Role.CHAIR, Role.ADMIN] };
    await ok(t, promoted, '{ me { id } }');
    await ok(t, promoted, '{ me { id } }'); // unchanged: no second event
    const events = await t.dataSource.query(
      "SELECT action, actor_id, details FROM audit_event WHERE entity_id = $1 AND action = 'STAFF_MEMBER_UPDATED'",
      [w.chair.id],
    );
    expect(events).toEqual([
      {
        action: 'STAFF_MEMBER_UPDATED',
        actor_id: w.chair.id,
        details: expect.objectContaining({
          via: 'token',
          name: { from: 'chair', to: 'Chair Renamed' },
          roles: { from: ['CHAIR'], to: ['CHAIR', 'ADMIN'] },
        }),
      },
    ]);
  });
});

describe('hostile: input at the edges', () => {
  let t: TestApp;
  let w: World;
  let childA: string;
  const RAISE = 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id reference } }';
  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'hostile-in');
    childA = await w.child(w.teamA);
  });
  afterAll(() => t.close());

  it('answers { __typename } only with a token', async () => {
    expect(await errorCode(t, null, '{ __typename }')).toBe('UNAUTHENTICATED');
    expect(await errorCode(t, 'Bearer not.a.token', '{ __typename }')).toBe('UNAUTHENTICATED');
    expect(await ok(t, w.chair, '{ __typename }')).toEqual({ __typename: 'Query' });
  });

  it('refuses dates outside 1900-01-01..2199-12-31 before any SQL, in GraphQL', async () => {
    const early = await gql(t, w.chair, RAISE, {
      i: { childId: childA, concern: 'OTHER', summary: 'Old', raisedOn: '0001-01-01' },
    });
    expect(early.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.chair, '{ addWorkingDays(date: "9999-12-31", days: 10) }')).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.chair, '{ addWorkingDays(date: "1899-12-31", days: 1) }')).toBe('BAD_USER_INPUT');
    expect((await ok(t, w.chair, '{ addWorkingDays(date: "2199-12-01", days: 1) }')).addWorkingDays).toMatch(
      /^2199-12-0\d$/,
    );
  });

  it('refuses them on the CSV route with a 400 before any byte of the file', async () => {
    const res = await t.http
      .get('/exports/escalations.csv?raisedFrom=0000-01-01')
      .set('authorization', `Bearer ${await tokenFor(w.auditor)}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).not.toContain('text/csv');
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('treats text with no visible character as empty', async () => {
    for (const summary of ['\u200b\u200b\u200b', '\ufeff \u200d', '\u2060\u00ad']) {
      const result = await gql(t, w.chair, RAISE, {
        i: { childId: childA, concern: 'OTHER', summary, raisedOn: '2026-01-05' },
      });
      expect(result.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'summary', message: 'must not be empty' }] },
      });
    }
  });

  it('names nothing the caller may not read in a FORBIDDEN message', async () => {
    const { raiseEscalation: esc } = await ok(t, w.chair, RAISE, {
      i: { childId: childA, concern: 'OTHER', summary: 'For team A', raisedOn: '2026-01-05' },
    });
    const refused = await gql(
      t,
      w.teamB.manager,
      'mutation($id: ID!) { acknowledgeEscalation(escalationId: $id) { id } }',
      { id: esc.id },
    );
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).not.toContain(esc.reference);
    expect(refused.errors?.[0].message).not.toMatch(/stage \d|TEAM_MANAGER/);
    const otherChair = await gql(
      t,
      w.chair2,
      'mutation($id: ID!) { withdrawEscalation(escalationId: $id, reason: "no") { id } }',
      { id: esc.id },
    );
    expect(otherChair.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(otherChair.errors?.[0].message).not.toContain(esc.reference);
  });
});

describe('hostile: one subject cannot starve the rest', () => {
  let t: TestApp;
  let w: World;
  const report = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `p${i}: performance(from: "2016-01-01", to: "2026-01-01") { actionsOverdue }`).join(' ')} }`;
  beforeAll(async () => {
    // Small limits, so a few requests are a flood (production defaults: 4 at once, 600 a minute).
    t = await startTestApp({ RATE_LIMIT_CONCURRENT: '3', RATE_LIMIT_PER_MINUTE: '40' });
    w = await buildWorld(t, 'hostile-fair');
  });
  afterAll(() => t.close());

  const post = (token: string, query: string) =>
    t.http.post('/graphql').set('authorization', `Bearer ${token}`).send({ query });

  it('refuses a subject beyond its concurrent limit with RATE_LIMITED, 429 and Retry-After, and serves everyone else', async () => {
    const token = await tokenFor(w.teamA.manager);
    const [flood, others] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, () => post(token, report(3)))),
      Promise.all(Array.from({ length: 3 }, () => gql(t, w.chair, '{ me { id } }'))),
    ]);
    const limited = flood.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(flood.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
    for (const r of limited) {
      expect(r.headers['retry-after']).toMatch(/^\d+$/);
      expect(r.body).toMatchObject({
        data: null,
        errors: [{ extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) } }],
      });
    }
    for (const o of others) expect(o.errors).toBeUndefined();
  });

  it('applies the same concurrent limit to queries sent over a WebSocket', async () => {
    const socket = await initialised(t, await tokenFor(w.teamB.manager));
    try {
      for (let i = 0; i < 10; i++) socket.send({ id: `q${i}`, type: 'subscribe', payload: { query: report(3) } });
      const frames = await Promise.all(
        Array.from({ length: 10 }, (_, i) => socket.frame((f) => f.id === `q${i}` && f.type !== 'complete', 15_000)),
      );
      const refused = frames.filter((f) => f.type === 'error');
      expect(refused.length).toBeGreaterThan(0);
      for (const f of refused) expect(f.payload[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(frames.filter((f) => f.type === 'next' && !f.payload.errors).length).toBeGreaterThanOrEqual(3);
    } finally {
      socket.ws.terminate();
    }
  }, 20_000);

  it('refuses a subject beyond its requests a minute, on the export route too', async () => {
    const token = await tokenFor(w.headOfService);
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await post(token, '{ me { id } }')).status);
    // 40 a minute, one of them spent signing in (buildWorld): 39 served, then refused.
    expect(statuses.slice(0, 39).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(39)).toEqual([429, 429]);
    const csv = await t.http.get('/exports/escalations.csv').set('authorization', `Bearer ${token}`);
    expect(csv.status).toBe(429);
    expect(csv.body).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(Number(csv.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('weighs the fields that do heavy work: 30 aliased verifyAuditChain or 30 ten-year reports are refused whole', async () => {
    const chains = `{ ${Array.from({ length: 30 }, (_, i) => `v${i}: verifyAuditChain { valid }`).join(' ')} }`;
    for (const [who, query] of [
      [w.auditor, chains],
      [w.teamA.manager, report(30)],
    ] as const) {
      const res = await post(await tokenFor(who), query);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    await ok(t, w.auditor, '{ verifyAuditChain { valid } }');
    await ok(t, w.teamB.manager, report(3));
  });

  it('cuts any statement short after DB_STATEMENT_TIMEOUT_MS (default 5 s), as RATE_LIMITED', async () => {
    const [{ statement_timeout }] = await t.dataSource.query('SHOW statement_timeout');
    expect(statement_timeout).toBe('5s');
    const cancelled = await t.dataSource.query('SELECT pg_sleep(10)').catch((e: unknown) => e);
    const { formatError } = await import('../../src/graphql/error-formatter');
    const log = { error: jest.fn(), warn: jest.fn() };
    expect(formatError(cancelled as Error, log).extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfter: expect.any(Number),
    });
    expect(log.error).not.toHaveBeenCalled();
  }, 15_000);
});

describe('hostile: a second wall in PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("runs the service's statements as a role that cannot rewrite audit events, alter tables or disable triggers", async () => {
    const [{ role }] = await t.dataSource.query('SELECT current_user AS role');
    expect(role).toBe('cp_workflow_runtime');
    const refused = async (sql: string) =>
      (
        (await t.dataSource.query(sql).catch((e: { driverError?: { code?: string } }) => e)) as {
          driverError?: { code?: string };
        }
      ).driverError?.code;
    expect(await refused("UPDATE audit_event SET reason = 'rewritten' WHERE false")).toBe('42501'); // permission denied, before any trigger
    expect(await refused('DELETE FROM audit_event WHERE false')).toBe('42501');
    expect(await refused('TRUNCATE audit_event')).toBe('42501');
    expect(await refused('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete')).toBe('42501');
    expect(await refused('ALTER TABLE child ADD COLUMN leaked text')).toBe('42501');
    expect(await refused('DROP TABLE outbox_message')).toBe('42501');
  });

  it('shows a request only its own authority, even to a query with no authority filter', async () => {
    const [mine, theirs] = [await buildWorld(t, 'hostile-rls-a'), await buildWorld(t, 'hostile-rls-b')];
    await mine.child(mine.teamA);
    await theirs.child(theirs.teamA);
    const idOf = async (code: string) =>
      (await t.dataSource.query('SELECT id FROM authority WHERE code = $1', [code]))[0].id as string;
    const [a, b] = [await idOf(mine.authority), await idOf(theirs.authority)];
    // The service's own connection, in the scope a request of `mine` runs in, forgetting its filter.
    const unfiltered = (sql: string) => authorityScope.run({ authorityId: a }, () => t.dataSource.query(sql));
    expect(await unfiltered('SELECT DISTINCT authority_id FROM child')).toEqual([{ authority_id: a }]);
    expect(await unfiltered('SELECT DISTINCT authority_id FROM audit_event')).toEqual([{ authority_id: a }]);
    expect(await unfiltered('SELECT id FROM authority')).toEqual([{ id: a }]);
    const moved = await authorityScope.run({ authorityId: a }, () =>
      t.dataSource.query('UPDATE child SET name = name WHERE authority_id = $1', [b]),
    );
    expect(moved[1]).toBe(0);
    const smuggled = await authorityScope.run({ authorityId: a }, () =>
      t.dataSource
        .query("INSERT INTO team (authority_id, name) VALUES ($1, 'Smuggled')", [b])
        .catch((e: { driverError?: { code?: string } }) => e.driverError?.code),
    );
    expect(smuggled).toBe('42501'); // new row violates row-level security policy
    // Outside any request (the sweep, the outbox), every authority; the same data through the API stays scoped.
    expect(
      (await t.dataSource.query('SELECT DISTINCT authority_id FROM child WHERE authority_id = ANY($1)', [[a, b]]))
        .length,
    ).toBe(2);
    const listed = await ok(t, mine.chair, '{ escalations(first: 5) { edges { node { id } } } me { id } }');
    expect(listed.me.id).toBe(mine.chair.id);
  });
});
