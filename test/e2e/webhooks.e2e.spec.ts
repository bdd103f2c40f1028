import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { InboxService } from '../../src/notifications/inbox.service';
import { MetricsListener } from '../../src/metrics/metrics-listener';
import { eventually, SmtpSink } from '../helpers/smtp-sink';
import { errorCode, gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

/**
 * Issue 16: signed webhooks for the authority's other systems, delivered from the outbox to a real
 * HTTP receiver in this process, which checks each signature as a receiver would. Runs on
 * Thursday 26 November 2026 (CLOCK_TODAY).
 */
const TODAY = '2026-11-26';
const RAISE = 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id reference } }';
const REGISTER =
  'mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { secret webhook { id url eventTypes status } } }';
const CHILD_NAME = 'Ottoline Brackenbury';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver whose answers the test scripts: a status code, or 'hang' (never answers). */
class Receiver {
  readonly hits: Hit[] = [];
  answers: (number | 'hang')[] = [];
  otherwise: number | 'hang' = 200;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = this.answers.shift() ?? this.otherwise;
        if (answer !== 'hang') res.writeHead(answer, { 'content-type': 'text/plain' }).end('thanks');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks/cp`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** What the receiving system does: recompute HMAC-SHA256 over "<t>.<raw body>" and compare in constant time. */
function receiverAccepts(secret: string, rawBody: string, header: string | undefined, nowSeconds: number): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const [, t, v1] = match;
  if (Math.abs(nowSeconds - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

describe('webhooks', () => {
  let t: TestApp;
  let w: World;
  let smtp: SmtpSink;
  let child: string;
  let authorityId: string;
  const tmEmail = 'tm.webhooks@la.example';

  beforeAll(async () => {
    smtp = new SmtpSink();
    await smtp.start();
    t = await startTestApp({
      CLOCK_TODAY: TODAY,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      DELIVERY_POLL_MS: '100',
      DELIVERY_RETRY_BASE_MS: '150',
      DELIVERY_MAX_ATTEMPTS: '3',
      WEBHOOK_TIMEOUT_MS: '300',
      METRICS_PORT: '0',
    });
    w = await buildWorld(t, 'hook');
    child = await w.child(w.teamA, { name: CHILD_NAME });
    [{ id: authorityId }] = await t.dataSource.query('SELECT id FROM authority WHERE code = $1', [w.authority]);
    await ok(t, w.admin, 'mutation($i: UpsertStaffMemberInput!) { upsertStaffMember(input: $i) { id } }', {
      i: { subject: w.teamA.manager.sub, name: w.teamA.manager.name, teamId: w.teamA.id, email: tmEmail },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const raise = async () =>
    (
      await ok(t, w.chair, RAISE, {
        i: { childId: child, concern: 'OTHER', summary: 'Worried about the plan', raisedOn: TODAY },
      })
    ).raiseEscalation;
  const register = async (receiver: Receiver, eventTypes = ['STAGE_OPENED']) =>
    (await ok(t, w.admin, REGISTER, { i: { url: receiver.url, eventTypes } })).registerWebhook;
  const deliveriesOf = async (webhookId: string) =>
    (
      await ok(
        t,
        w.admin,
        'query($id: ID!) { notificationDeliveries(filter: { webhookId: $id }) { id status attempts lastError eventType } }',
        { id: webhookId },
      )
    ).notificationDeliveries;

  it('only ADMIN registers webhooks, for http(s) URLs and known event types', async () => {
    expect(
      await errorCode(t, w.chair, REGISTER, { i: { url: 'https://cms.example/hooks', eventTypes: ['STAGE_OPENED'] } }),
    ).toBe('FORBIDDEN');
    const bad = await gql(t, w.admin, REGISTER, {
      i: { url: 'ftp://cms.example/hooks', eventTypes: ['STAGE_OPENED'] },
    });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      (await gql(t, w.admin, REGISTER, { i: { url: 'https://cms.example/hooks', eventTypes: [] } })).errors?.[0]
        .extensions.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('an escalation raised: one signed webhook delivery and one email, after commit; a rolled-back change sends neither', async () => {
    const receiver = new Receiver();
    await receiver.start();
    try {
      const { secret, webhook } = await register(receiver);
      expect(secret).toMatch(/^whsec_/);
      expect(webhook).toMatchObject({ url: receiver.url, eventTypes: ['STAGE_OPENED'], status: 'ACTIVE' });

      await expect(
        t.dataSource.transaction(async (manager) => {
          await t.app.get(InboxService).notify(manager, authorityId, [w.teamA.manager.id], {
            kind: 'STAGE_OPENED',
            reason: 'x',
            dueBy: '2027-02-01',
            escalationId: null,
            actionId: null,
          });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');

      const esc = await raise();
      await eventually(
        () => receiver.hits.length > 0 && smtp.to(tmEmail).some((m) => m.subject.includes(esc.reference)),
      );
      await sleep(500);
      expect(receiver.hits).toHaveLength(1);
      expect(smtp.to(tmEmail)).toHaveLength(1);
      expect(smtp.received.some((m) => m.text.includes('1 February 2027'))).toBe(false);

      const [hit] = receiver.hits;
      const now = Math.floor(Date.parse('2026-11-26T12:00:00Z') / 1000);
      expect(receiverAccepts(secret, hit.body, hit.headers['x-cp-signature'] as string, now + 5)).toBe(true);
      // A tampered body, another secret, or a replay a day later is detectably bad.
      expect(
        receiverAccepts(
          secret,
          hit.body.replace(esc.reference, 'ESC-0000-0000'),
          hit.headers['x-cp-signature'] as string,
          now + 5,
        ),
      ).toBe(false);
      expect(receiverAccepts('whsec_not-the-secret', hit.body, hit.headers['x-cp-signature'] as string, now + 5)).toBe(
        false,
      );
      expect(receiverAccepts(secret, hit.body, hit.headers['x-cp-signature'] as string, now + 86_400)).toBe(false);

      const body = JSON.parse(hit.body);
      expect(body).toMatchObject({
        id: hit.headers['x-cp-delivery-id'],
        type: 'STAGE_OPENED',
        data: {
          kind: 'STAGE_OPENED',
          escalationId: esc.id,
          escalationReference: esc.reference,
          recipient: { staffId: w.teamA.manager.id, subject: w.teamA.manager.sub },
        },
      });
      expect(hit.headers['x-cp-event']).toBe('STAGE_OPENED');
      expect(hit.body).not.toContain(CHILD_NAME);
      expect(hit.body).not.toContain('Worried about the plan');
      expect(await deliveriesOf(webhook.id)).toEqual([
        { id: body.id, status: 'DELIVERED', attempts: 1, lastError: null, eventType: 'STAGE_OPENED' },
      ]);
      await ok(t, w.admin, 'mutation($id: ID!) { setWebhookEnabled(webhookId: $id, enabled: false) { status } }', {
        id: webhook.id,
      });
    } finally {
      await receiver.stop();
    }
  });

  it('retries a receiver that answers 5xx, with the same delivery id each time, until it takes it', async () => {
    const receiver = new Receiver();
    await receiver.start();
    try {
      receiver.answers = [503, 502];
      const { webhook } = await register(receiver);
      const esc = await raise();
      await eventually(() => receiver.hits.length >= 3);
      await sleep(400);
      expect(receiver.hits).toHaveLength(3);
      expect(new Set(receiver.hits.map((h) => h.headers['x-cp-delivery-id'])).size).toBe(1);
      expect(receiver.hits.every((h) => JSON.parse(h.body).data.escalationReference === esc.reference)).toBe(true);
      expect(await deliveriesOf(webhook.id)).toEqual([
        expect.objectContaining({ status: 'DELIVERED', attempts: 3, lastError: null }),
      ]);
      await ok(t, w.admin, 'mutation($id: ID!) { setWebhookEnabled(webhookId: $id, enabled: false) { status } }', {
        id: webhook.id,
      });
    } finally {
      await receiver.stop();
    }
  });

  it('disables a receiver that keeps timing out, tells ADMIN, and sends again once enabled and retried', async () => {
    const receiver = new Receiver();
    await receiver.start();
    try {
      receiver.otherwise = 'hang';
      const { webhook } = await register(receiver);
      await raise();
      const [parked] = await eventually(async () => {
        const list = await deliveriesOf(webhook.id);
        return list[0]?.status === 'PARKED' ? list : null;
      });
      expect(parked).toMatchObject({ attempts: 3, lastError: 'timed out after 300 ms' });
      expect(receiver.hits).toHaveLength(3);
      const [hook] = (await ok(t, w.admin, '{ webhooks { id status disabledReason } }')).webhooks.filter(
        (h: { id: string }) => h.id === webhook.id,
      );
      expect(hook).toMatchObject({ status: 'DISABLED', disabledReason: expect.stringContaining('timed out') });
      const inbox = (await ok(t, w.admin, '{ myInbox { reason } }')).myInbox;
      expect(inbox.some((i: { reason: string }) => i.reason.includes(`Webhook ${webhook.id} was disabled`))).toBe(true);
      const [event] = await t.dataSource.query(
        "SELECT actor_id, to_status FROM audit_event WHERE entity_id = $1 AND action = 'WEBHOOK_DISABLED'",
        [webhook.id],
      );
      expect(event).toEqual({ actor_id: null, to_status: 'DISABLED' });

      // While disabled, new items make no deliveries for it.
      await raise();
      await sleep(400);
      expect(await deliveriesOf(webhook.id)).toHaveLength(1);

      receiver.otherwise = 200;
      await ok(t, w.admin, 'mutation($id: ID!) { setWebhookEnabled(webhookId: $id, enabled: true) { status } }', {
        id: webhook.id,
      });
      // The engine changes the status (issue 11): each change bumps the version once, with its audit
      // event; enabling an enabled webhook changes nothing.
      const enabledAgain = await ok(
        t,
        w.admin,
        'mutation($id: ID!) { setWebhookEnabled(webhookId: $id, enabled: true) { status disabledReason } }',
        { id: webhook.id },
      );
      expect(enabledAgain.setWebhookEnabled).toEqual({ status: 'ACTIVE', disabledReason: null });
      expect(
        await t.dataSource.query('SELECT version, status, disabled_reason FROM webhook WHERE id = $1', [webhook.id]),
      ).toEqual([{ version: 3, status: 'ACTIVE', disabled_reason: null }]);
      expect(
        await t.dataSource.query(
          'SELECT action, from_status, to_status, actor_id IS NULL AS by_worker FROM audit_event WHERE entity_id = $1 ORDER BY sequence',
          [webhook.id],
        ),
      ).toEqual([
        { action: 'WEBHOOK_REGISTERED', from_status: null, to_status: 'ACTIVE', by_worker: false },
        { action: 'WEBHOOK_DISABLED', from_status: 'ACTIVE', to_status: 'DISABLED', by_worker: true },
        { action: 'WEBHOOK_ENABLED', from_status: 'DISABLED', to_status: 'ACTIVE', by_worker: false },
      ]);
      await ok(t, w.admin, 'mutation($id: ID!) { retryDelivery(deliveryId: $id) { status } }', { id: parked.id });
      await eventually(async () => (await deliveriesOf(webhook.id))[0].status === 'DELIVERED');
      expect(new Set(receiver.hits.map((h) => h.headers['x-cp-delivery-id']))).toEqual(new Set([parked.id]));
    } finally {
      await receiver.stop();
    }
  });

  it('counts the deliveries by channel and outcome in /metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${t.app.get(MetricsListener).port()}/metrics`)).text();
    const value = (channel: string, outcome: string) =>
      Number(
        new RegExp(`cp_notification_deliveries_total\\{channel="${channel}",outcome="${outcome}"\\} (\\d+)`).exec(
          text,
        )?.[1],
      );
    // From the tests above: 1 + 1 + 1 webhook deliveries taken, 2 + 2 retries, 1 parked; one email per escalation raised.
    expect(value('WEBHOOK', 'delivered')).toBe(3);
    expect(value('WEBHOOK', 'retry')).toBe(4);
    expect(value('WEBHOOK', 'parked')).toBe(1);
    expect(value('EMAIL', 'delivered')).toBeGreaterThanOrEqual(4);
    expect(text).toMatch(/cp_outbox_backlog \d+/);
  });
});
