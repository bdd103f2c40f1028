import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { eventually, SmtpSink } from '../helpers/smtp-sink';
import { ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

/**
 * Issue 16: two instances of the service share the outbox and the delivery rows. Each delivery is
 * claimed FOR UPDATE SKIP LOCKED, so every email and webhook goes out exactly once however the
 * instances race. Runs on Thursday 26 November 2026 (CLOCK_TODAY).
 */
const TODAY = '2026-11-26';
const ESCALATIONS = 8;

describe('deliveries from two instances at once', () => {
  let a: TestApp;
  let b: TestApp;
  let w: World;
  let smtp: SmtpSink;
  const hits: string[] = [];
  const receiver = createServer((req, res) => {
    hits.push(String(req.headers['x-cp-delivery-id']));
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  const tmEmail = 'tm.concurrency@la.example';

  beforeAll(async () => {
    smtp = new SmtpSink();
    await smtp.start();
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    const env = { CLOCK_TODAY: TODAY, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DELIVERY_POLL_MS: '20' };
    a = await startTestApp(env);
    b = await startTestApp(env);
    w = await buildWorld(a, 'race');
    await ok(a, w.admin, 'mutation($i: UpsertStaffMemberInput!) { upsertStaffMember(input: $i) { id } }', {
      i: { subject: w.teamA.manager.sub, name: w.teamA.manager.name, teamId: w.teamA.id, email: tmEmail },
    });
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await ok(a, w.admin, 'mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { secret } }', {
      i: { url, eventTypes: ['STAGE_OPENED'] },
    });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await smtp.stop();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('sends each email and each webhook once', async () => {
    const child = await w.child(w.teamA);
    const refs: string[] = [];
    await Promise.all(
      Array.from({ length: ESCALATIONS }, async (_, i) => {
        const app = i % 2 ? a : b;
        const res = await ok(
          app,
          w.chair,
          'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { reference } }',
          { i: { childId: child, concern: 'OTHER', summary: `Concern ${i}`, raisedOn: TODAY } },
        );
        refs.push(res.raiseEscalation.reference);
      }),
    );
    await eventually(() => smtp.to(tmEmail).length >= ESCALATIONS && hits.length >= ESCALATIONS);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to(tmEmail)).toHaveLength(ESCALATIONS);
    expect(new Set(smtp.to(tmEmail).map((m) => m.subject.split(':')[0]))).toEqual(new Set(refs));
    expect(hits).toHaveLength(ESCALATIONS);
    expect(new Set(hits).size).toBe(ESCALATIONS);
  });
});
