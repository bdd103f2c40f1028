import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { addCalendarDays } from '../../src/calendar/working-calendar';
import { testToday } from '../helpers/test-clock';
import { InboxService } from '../../src/notifications/inbox.service';
import { Client as PgClient } from 'pg';
import { ok, Person, startTestApp, TestApp, testDatabaseUrl, tokenFor } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

const RAISE = 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id reference responseDueBy } }';
const INBOX =
  '{ myInbox { reason dueBy escalation { id reference stage } action { id description overdue owner { id } } } }';
const SUBSCRIBE = 'subscription { inboxItemAdded { reason dueBy escalation { id reference } action { id } } }';

interface Received {
  reason: string;
  dueBy: string;
  escalation: { id: string; reference: string } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the inbox: myInbox and the live subscription', () => {
  let t: TestApp;
  let w: World;
  let child: string;
  let authorityId: string;
  const today = testToday();
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'inbox');
    child = await w.child(w.teamA);
    [{ id: authorityId }] = await t.dataSource.query('SELECT id FROM authority WHERE code = $1', [w.authority]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  const raise = async (extra: Record<string, unknown> = {}) =>
    (
      await ok(t, w.chair, RAISE, {
        i: { childId: child, concern: 'OTHER', summary: 'Concern', raisedOn: today, ...extra },
      })
    ).raiseEscalation;
  const inbox = async (who: Person) =>
    (await ok(t, who, INBOX)).myInbox as {
      reason: string;
      dueBy: string;
      escalation: { id: string } | null;
      action: { id: string } | null;
    }[];

  it('shows each role what is addressed to it, soonest due first', async () => {
    const s1 = await raise();
    const s3 = await raise({ stage: 3, raisedOn: addCalendarDays(today, -1) });
    const s4 = await raise({ stage: 4 });
    const s2 = await raise();
    await ok(
      t,
      w.chair,
      'mutation($id: ID!) { escalateToNextStage(escalationId: $id, reason: "to the service manager") { id } }',
      { id: s2.id },
    );
    const responded = await raise();
    await ok(
      t,
      w.teamA.manager,
      'mutation($id: ID!) { respondToEscalation(input: { escalationId: $id, response: "Done" }) { id } }',
      { id: responded.id },
    );
    await ok(t, w.chair, 'mutation($i: RecordConversationInput!) { recordConversation(input: $i) { id } }', {
      i: {
        childId: child,
        withStaffId: w.teamA.socialWorker.id,
        heldOn: addCalendarDays(today, -5),
        summary: 'Drift',
        actions: [
          { description: 'Update the plan', ownerId: w.teamA.socialWorker.id, dueBy: addCalendarDays(today, -1) },
        ],
      },
    });
    const ids = (items: { escalation: { id: string } | null }[]) => items.map((i) => i.escalation?.id).filter(Boolean);

    const tmA = await inbox(w.teamA.manager);
    expect(ids(tmA)).toEqual(expect.arrayContaining([s1.id]));
    expect(ids(tmA)).not.toContain(responded.id);
    expect(tmA.find((i) => i.escalation?.id === s1.id)).toMatchObject({
      dueBy: s1.responseDueBy,
      reason: expect.stringContaining('acknowledgement and response'),
    });
    expect(await inbox(w.teamB.manager)).toEqual([]);
    expect(ids(await inbox(w.serviceManager))).toEqual([s2.id]);
    expect(ids(await inbox(w.headOfService))).toEqual([s3.id]);
    expect(ids(await inbox(w.director))).toEqual([s4.id]);
    const chair = await inbox(w.chair);
    expect(chair.find((i) => i.escalation?.id === responded.id)?.reason).toContain('resolve or escalate');
    expect(chair.find((i) => i.action)?.reason).toContain('An action you agreed is overdue');
    const sw = await inbox(w.teamA.socialWorker);
    expect(sw).toEqual([
      expect.objectContaining({
        reason: expect.stringContaining('Your action is overdue'),
        action: expect.objectContaining({ overdue: true, owner: { id: w.teamA.socialWorker.id } }),
      }),
    ]);
    expect(await inbox(w.auditor)).toEqual([]);
    for (const items of [tmA, chair]) expect(items.map((i) => i.dueBy)).toEqual([...items.map((i) => i.dueBy)].sort());
  });

  const subscribe = async (who: Person) => {
    const received: Received[] = [];
    const token = await tokenFor(who);
    let connected!: () => void;
    const ready = new Promise<void>((r) => (connected = r));
    const client = createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      on: { connected: () => connected() },
    });
    clients.push(client);
    const errors: unknown[] = [];
    client.subscribe<{ inboxItemAdded: Received }>(
      { query: SUBSCRIBE },
      {
        next: (msg) => {
          if (msg.data) received.push(msg.data.inboxItemAdded);
          if (msg.errors) errors.push(msg.errors);
        },
        error: (e) => errors.push(e),
        complete: () => undefined,
      },
    );
    await ready;
    await sleep(300); // the subscribe message is processed after the ack
    return { received, errors };
  };

  it('delivers new items after commit, to the addressed person only, and nothing from a rollback', async () => {
    const mine = await subscribe(w.teamA.manager);
    const other = await subscribe(w.teamB.manager);
    const inbox = t.app.get(InboxService);
    await t.dataSource
      .transaction(async (manager) => {
        await inbox.notify(manager, authorityId, [w.teamA.manager.id], {
          reason: 'rolled back',
          dueBy: today,
          escalationId: null,
          actionId: null,
        });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const esc = await raise();
    for (let i = 0; i < 50 && mine.received.length === 0; i++) await sleep(50);
    await sleep(200);
    expect(mine.errors).toEqual([]);
    expect(mine.received).toEqual([
      {
        reason: expect.stringContaining('stage 1'),
        dueBy: esc.responseDueBy,
        escalation: { id: esc.id, reference: esc.reference },
        action: null,
      },
    ]);
    expect(other.received).toEqual([]);
  });

  it('keeps delivering after the listener loses its database connection', async () => {
    const mine = await subscribe(w.teamA.manager);
    // As the owner: the service's own connections run as a role that may not end other sessions (issue 12).
    const owner = new PgClient({ connectionString: testDatabaseUrl() });
    await owner.connect();
    const { rows: killed } = await owner
      .query(
        "SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = 'cp-workflow-outbox' AND datname = current_database()",
      )
      .finally(() => owner.end());
    expect(killed).toEqual([{ done: true }]);
    await sleep(1500); // the publisher reconnects after a second
    const inbox = t.app.get(InboxService);
    await t.dataSource.transaction((manager) =>
      inbox.notify(manager, authorityId, [w.teamA.manager.id], {
        reason: 'after a reconnect',
        dueBy: today,
        escalationId: null,
        actionId: null,
      }),
    );
    for (let i = 0; i < 60 && !mine.received.some((r) => r.reason === 'after a reconnect'); i++) await sleep(100);
    expect(mine.received.map((r) => r.reason)).toContain('after a reconnect');
  });

  it('refuses a subscription without a valid token', async () => {
    const client = createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer nope' },
      retryAttempts: 0,
    });
    clients.push(client);
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: SUBSCRIBE },
        { next: () => resolve('data'), error: () => resolve('error'), complete: () => resolve('complete') },
      );
    });
    expect(outcome).not.toBe('data');
  });
});
