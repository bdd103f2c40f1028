import { signDevToken } from '../../src/auth/dev-token';
import { Role } from '../../src/auth/role';
import { Clock } from '../../src/clock/clock';
import { InboxService } from '../../src/notifications/inbox.service';
import { eventually, SmtpSink } from '../helpers/smtp-sink';
import { errorCode, gql, ok, startTestApp, TEST_SECRET, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

/**
 * Issue 16: every inbox item is also emailed to its addressee, through the outbox, to a real SMTP
 * server in this process. Runs on Thursday 26 November 2026 (CLOCK_TODAY); the digest test moves
 * the clock to Friday 27 November, a working day, after 08:00.
 */
const TODAY = '2026-11-26';
const RAISE = 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id reference responseDueBy } }';
const SET_EMAIL = 'mutation($i: UpsertStaffMemberInput!) { upsertStaffMember(input: $i) { id email } }';
const CHILD_NAME = 'Zebedee Quillfeather';
const SUMMARY = 'Home visits have not happened since the last conference';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nonEmpty = <T>(list: T[]): T[] | null => (list.length ? list : null);

describe('email through the outbox', () => {
  let t: TestApp;
  let w: World;
  let smtp: SmtpSink;
  let childA: string;
  let childB: string;
  let authorityId: string;
  const tmEmail = 'team.manager.a@la.example';
  const tm2Email = 'team.manager.b@la.example';

  beforeAll(async () => {
    smtp = new SmtpSink();
    await smtp.start();
    t = await startTestApp({
      CLOCK_TODAY: TODAY,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      PUBLIC_URL: 'https://cp.example.test',
      DELIVERY_POLL_MS: '100',
      DELIVERY_RETRY_BASE_MS: '200',
      DELIVERY_MAX_ATTEMPTS: '10',
    });
    w = await buildWorld(t, 'mail');
    childA = await w.child(w.teamA, { name: CHILD_NAME });
    childB = await w.child(w.teamB, { name: CHILD_NAME });
    [{ id: authorityId }] = await t.dataSource.query('SELECT id FROM authority WHERE code = $1', [w.authority]);
    for (const [team, email] of [
      [w.teamA, tmEmail],
      [w.teamB, tm2Email],
    ] as const) {
      const res = await ok(t, w.admin, SET_EMAIL, {
        i: { subject: team.manager.sub, name: team.manager.name, teamId: team.id, email },
      });
      expect(res.upsertStaffMember.email).toBe(email);
    }
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const raise = async (childId: string) =>
    (await ok(t, w.chair, RAISE, { i: { childId, concern: 'VISITS_OVERDUE', summary: SUMMARY, raisedOn: TODAY } }))
      .raiseEscalation;
  const deliveries = (address: string) =>
    t.dataSource.query(
      "SELECT d.* FROM notification_delivery d JOIN staff_member s ON s.id = d.recipient_id WHERE s.email = $1 AND d.channel = 'EMAIL' ORDER BY d.created_at",
      [address],
    );

  it('sends one email to the team manager when an escalation is raised: what is due, when, the reference and a link, and no case details', async () => {
    const esc = await raise(childA);
    const [mail] = await eventually(() => nonEmpty(smtp.to(tmEmail).filter((m) => m.subject.includes(esc.reference))));
    expect(mail.subject).toBe(`${esc.reference}: an escalation is awaiting your response`);
    expect(mail.text).toContain('Due by: ');
    expect(mail.text).toContain(`Escalation: ${esc.reference}`);
    expect(mail.text).toContain(`https://cp.example.test/escalations/${esc.reference}`);
    const due = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'UTC',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(Date.parse(`${esc.responseDueBy}T00:00:00Z`));
    expect(mail.text).toContain(due);
    for (const secret of [CHILD_NAME, 'Zebedee', SUMMARY, 'VISITS_OVERDUE', `C-${w.authority}`])
      expect(`${mail.subject}\n${mail.text}`).not.toContain(secret);
    await sleep(500);
    expect(smtp.to(tmEmail).filter((m) => m.subject.includes(esc.reference))).toHaveLength(1);
    const rows = await deliveries(tmEmail);
    const row = rows.find(
      (r: { payload: { escalationReference: string } }) => r.payload.escalationReference === esc.reference,
    );
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    expect(mail.messageId).toBe(`<${row.id}@cp-workflow>`);
  });

  it('sends nothing for a rolled-back change, and a committed one only after its commit', async () => {
    const inbox = t.app.get(InboxService);
    const tmId = w.teamA.manager.id;
    await expect(
      t.dataSource.transaction(async (manager) => {
        await inbox.notify(manager, authorityId, [tmId], {
          kind: 'DRIFT',
          reason: 'rolled back',
          dueBy: '2027-01-15',
          escalationId: null,
          actionId: null,
        });
        throw new Error('the change fails after the notification was queued');
      }),
    ).rejects.toThrow('the change fails');
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await inbox.notify(runner.manager, authorityId, [tmId], {
        kind: 'DRIFT',
        reason: 'committed later',
        dueBy: '2027-01-18',
        escalationId: null,
        actionId: null,
      });
      await sleep(600); // six polls while the transaction is open
      expect(smtp.to(tmEmail).filter((m) => m.text.includes('18 January 2027'))).toHaveLength(0);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const [mail] = await eventually(() => nonEmpty(smtp.to(tmEmail).filter((m) => m.text.includes('18 January 2027'))));
    expect(mail.subject).toBe('A child protection plan you chair is drifting');
    expect(mail.text).toContain('https://cp.example.test/inbox');
    await sleep(300);
    expect(smtp.received.filter((m) => m.text.includes('15 January 2027'))).toHaveLength(0);
  });

  it('delivers once, when it comes back, an email raised while the SMTP server was down', async () => {
    await smtp.stop();
    const esc = await raise(childA);
    const pending = await eventually(async () => {
      const row = (await deliveries(tmEmail)).find(
        (r: { payload: { escalationReference: string } }) => r.payload.escalationReference === esc.reference,
      );
      return row?.attempts >= 2 && row;
    });
    expect(pending).toMatchObject({ status: 'PENDING', last_error: 'SMTP ECONNREFUSED' });
    await smtp.start();
    await eventually(() => smtp.to(tmEmail).some((m) => m.subject.includes(esc.reference)));
    await sleep(800);
    expect(smtp.to(tmEmail).filter((m) => m.subject.includes(esc.reference))).toHaveLength(1);
    const row = (await deliveries(tmEmail)).find(
      (r: { payload: { escalationReference: string } }) => r.payload.escalationReference === esc.reference,
    );
    expect(row.status).toBe('DELIVERED');
    expect(row.attempts).toBeGreaterThanOrEqual(3);
  });

  it('parks an email the server refuses for good, shows it to ADMIN, and sends it again on request', async () => {
    smtp.refuse.add(tmEmail);
    const esc = await raise(childA);
    const parked = await eventually(async () => {
      const list: { id: string }[] = (
        await ok(
          t,
          w.admin,
          '{ notificationDeliveries(filter: { channel: EMAIL, status: PARKED }) { id status attempts lastError eventType recipient { id } } }',
        )
      ).notificationDeliveries;
      return nonEmpty(list);
    });
    expect(parked[0]).toMatchObject({
      status: 'PARKED',
      attempts: 1,
      lastError: 'SMTP 550',
      eventType: 'STAGE_OPENED',
      recipient: { id: w.teamA.manager.id },
    });
    expect(await errorCode(t, w.teamA.manager, '{ notificationDeliveries { id } }')).toBe('FORBIDDEN');
    smtp.refuse.delete(tmEmail);
    await ok(t, w.admin, 'mutation($id: ID!) { retryDelivery(deliveryId: $id) { status } }', { id: parked[0].id });
    await eventually(() => smtp.to(tmEmail).some((m) => m.subject.includes(esc.reference)));
  });

  it("keeps the address from the token's email claim up to date at sign-in, and audits a change", async () => {
    const person = {
      subject: `claim-${w.authority}`,
      name: 'Claim Person',
      roles: [Role.SOCIAL_WORKER],
      authority: w.authority,
    };
    const first = await signDevToken(TEST_SECRET, { ...person, email: 'first@la.example' });
    expect((await ok(t, `Bearer ${first}`, '{ me { email emailMode } }')).me).toEqual({
      email: 'first@la.example',
      emailMode: 'IMMEDIATE',
    });
    const second = await signDevToken(TEST_SECRET, { ...person, email: 'Second@LA.example' });
    expect((await ok(t, `Bearer ${second}`, '{ me { email } }')).me.email).toBe('second@la.example');
    const events = await t.dataSource.query(
      "SELECT details FROM audit_event WHERE authority_id = $1 AND action = 'STAFF_MEMBER_EMAIL_CHANGED'",
      [authorityId],
    );
    expect(events.map((e: { details: unknown }) => e.details)).toEqual([
      { email: 'second@la.example', previousEmail: 'first@la.example', via: 'sign-in' },
    ]);
    const bad = await gql(t, w.admin, SET_EMAIL, {
      i: { subject: person.subject, name: person.name, email: 'not an address' },
    });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'email' })],
    });
    // Another member of staff does not see the address.
    const query = '{ escalations(first: 1) { edges { node { raisedBy { email } } } } }';
    expect((await ok(t, w.teamA.manager, query)).escalations.edges[0].node.raisedBy.email).toBeNull();
  });

  it('holds items for a daily digest at 08:00 on the next working day, then sends one email with all three', async () => {
    const prefs = await ok(
      t,
      w.teamB.manager,
      'mutation { updateNotificationPreferences(input: { emailMode: DAILY_DIGEST }) { emailMode } }',
    );
    expect(prefs.updateNotificationPreferences.emailMode).toBe('DAILY_DIGEST');
    const refs = [(await raise(childB)).reference, (await raise(childB)).reference, (await raise(childB)).reference];
    const held = await eventually(async () => {
      const rows = await deliveries(tm2Email);
      return rows.length === 3 ? rows : null;
    });
    for (const row of held) expect(row).toMatchObject({ status: 'PENDING', digest: true });
    // Friday 27 November 2026, 08:00 in London (GMT): the next working day's digest time.
    expect(held.map((r: { due_at: Date }) => r.due_at.toISOString())).toEqual(
      Array(3).fill('2026-11-27T08:00:00.000Z'),
    );
    await sleep(400);
    expect(smtp.to(tm2Email)).toHaveLength(0);

    t.app.get(Clock).setToday('2026-11-27');
    const [digest] = await eventually(() => nonEmpty(smtp.to(tm2Email)));
    expect(digest.subject).toBe('Your daily digest: 3 new inbox items');
    for (const ref of refs) expect(digest.text).toContain(`escalation ${ref}`);
    expect(digest.text).not.toContain(CHILD_NAME);
    await sleep(400);
    expect(smtp.to(tm2Email)).toHaveLength(1);
    expect((await deliveries(tm2Email)).every((r: { status: string }) => r.status === 'DELIVERED')).toBe(true);
  });
});
