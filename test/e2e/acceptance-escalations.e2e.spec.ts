/**
 * Acceptance (black box): conversations, actions, escalations, inbox, sweep, advocacy, idempotency.
 */
import { testToday } from '../helpers/test-clock';
import { gql, ok, Person, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';
import { Role } from '../../src/auth/role';

// The published England and Wales list, and the years after it from the rules, so the suite can stand on any day to 2031.
const BANK_HOLIDAYS = new Set([
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
  '2028-01-03',
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
  '2029-01-01',
  '2029-03-30',
  '2029-04-02',
  '2029-05-07',
  '2029-05-28',
  '2029-08-27',
  '2029-12-25',
  '2029-12-26',
  '2030-01-01',
  '2030-04-19',
  '2030-04-22',
  '2030-05-06',
  '2030-05-27',
  '2030-08-26',
  '2030-12-25',
  '2030-12-26',
  '2031-01-01',
  '2031-04-11',
  '2031-04-14',
  '2031-05-05',
  '2031-05-26',
  '2031-08-25',
  '2031-12-25',
  '2031-12-26',
]);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const parse = (s: string) => new Date(`${s}T00:00:00Z`);
const isWorking = (d: Date) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !BANK_HOLIDAYS.has(iso(d));
const addWD = (s: string, n: number) => {
  const d = parse(s);
  let c = 0;
  while (c < n) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorking(d)) c++;
  }
  return iso(d);
};
const addDays = (s: string, n: number) => {
  const d = parse(s);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
};
// The service's today (its clock stands on testToday(), issue 10), not the machine's.
const TODAY = testToday();

const ACTION = 'id description owner { id } dueBy status overdue completedOn outcome source version';
const CONV = `mutation($i: RecordConversationInput!) { recordConversation(input: $i) { id heldOn summary chair { id } withStaff { id } child { id } escalation { id } actions { ${ACTION} } } }`;
const COMPLETE = `mutation($i: CompleteActionInput!) { completeAction(input: $i) { ${ACTION} } }`;
const CANCEL_ACTION = `mutation($id: ID!, $r: String!, $v: Int) { cancelAction(actionId: $id, reason: $r, expectedVersion: $v) { ${ACTION} } }`;
const ESC_FIELDS = `id reference status stage version raisedOn responseDueBy concern summary child { id } conference { id } conversation { id escalation { id } } raisedBy { id }
  stages { stage assignedRole assignedTo { id } openedOn responseDueBy acknowledgedAt respondedAt response breached outcome }
  actions { ${ACTION} }`;
const RAISE = `mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { ${ESC_FIELDS} } }`;
const ESC = `query($id: ID!) { escalation(id: $id) { ${ESC_FIELDS} history { action fromStatus toStatus reason actor { id } } } }`;
const ACK = `mutation($id: ID!, $v: Int) { acknowledgeEscalation(escalationId: $id, expectedVersion: $v) { ${ESC_FIELDS} } }`;
const RESPOND = `mutation($i: RespondToEscalationInput!) { respondToEscalation(input: $i) { ${ESC_FIELDS} } }`;
const RESOLVE = `mutation($id: ID!, $n: String, $v: Int) { resolveEscalation(escalationId: $id, note: $n, expectedVersion: $v) { ${ESC_FIELDS} } }`;
const ESCALATE = `mutation($id: ID!, $r: String!, $v: Int) { escalateToNextStage(escalationId: $id, reason: $r, expectedVersion: $v) { ${ESC_FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!, $r: String!, $v: Int) { withdrawEscalation(escalationId: $id, reason: $r, expectedVersion: $v) { ${ESC_FIELDS} } }`;
const LIST = `query($f: EscalationFilter, $first: Int, $after: String) { escalations(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id stage status child { id } } } } }`;
const INBOX = `{ myInbox { reason dueBy escalation { id stage status } action { id overdue owner { id } } } }`;
const SWEEP = `mutation { runDeadlineSweep { breachedStages autoEscalated overdueActions } }`;
const OFFER = `mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id status offeredOn respondedOn declineReason advocateName version child { id } conference { id } history { action fromStatus toStatus reason } } }`;
const RESPONSE = `mutation($i: AdvocateResponseInput!) { recordAdvocateResponse(input: $i) { id status offeredOn respondedOn declineReason version history { action fromStatus toStatus reason } } }`;

describe('acceptance: conversations, actions, escalations, advocacy', () => {
  let t: TestApp;
  let w: World;
  let childA: string;
  let childB: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'accesc');
    childA = await w.child(w.teamA);
    childB = await w.child(w.teamB);
  });
  afterAll(() => t.close());

  const codeOf = async (
    who: Person | null,
    q: string,
    v: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    const r = await gql(t, who, q, v, headers);
    expect(r.status).toBeLessThan(500);
    return r.errors?.[0]?.extensions?.code ?? 'OK';
  };
  const raise = async (extra: Record<string, unknown> = {}, who: Person = w.chair) =>
    (
      await ok(t, who, RAISE, {
        i: { childId: childA, concern: 'PLAN_NOT_PROGRESSING', summary: 'No progress', raisedOn: TODAY, ...extra },
      })
    ).raiseEscalation;

  it("the first escalation of an authority is ESC-<year>-0001; stage 1 goes to the child's team manager, due in 5 working days", async () => {
    const e = await raise({ raisedOn: '2026-11-20', summary: '  Visits missed  ' });
    expect(e.reference).toBe('ESC-2026-0001');
    expect(e).toMatchObject({
      status: 'OPEN',
      stage: 1,
      version: 1,
      raisedOn: '2026-11-20',
      responseDueBy: addWD('2026-11-20', 5),
      summary: 'Visits missed',
      raisedBy: { id: w.chair.id },
      child: { id: childA },
    });
    expect(e.responseDueBy).toBe('2026-11-27');
    expect(e.stages).toEqual([
      expect.objectContaining({
        stage: 1,
        assignedRole: 'TEAM_MANAGER',
        assignedTo: { id: w.teamA.manager.id },
        openedOn: '2026-11-20',
        responseDueBy: '2026-11-27',
        breached: false,
        outcome: null,
        acknowledgedAt: null,
        respondedAt: null,
      }),
    ]);
    // The year is the year raised: the next one, raised today, continues 2026's numbers or starts its own year's.
    const e2 = await raise();
    expect(e2.reference).toBe(TODAY.startsWith('2026') ? 'ESC-2026-0002' : `ESC-${TODAY.slice(0, 4)}-0001`);
  });

  it('raiseEscalation input rules', async () => {
    const base = { childId: childA, concern: 'OTHER', summary: 'x', raisedOn: TODAY };
    const cases: [string, Record<string, unknown>, string][] = [
      ['future raisedOn', { ...base, raisedOn: addDays(TODAY, 1) }, 'BAD_USER_INPUT'],
      ['empty summary', { ...base, summary: '   ' }, 'BAD_USER_INPUT'],
      ['summary 10001', { ...base, summary: 'a'.repeat(10001) }, 'BAD_USER_INPUT'],
      ['stage 0', { ...base, stage: 0 }, 'BAD_USER_INPUT'],
      ['stage 5', { ...base, stage: 5 }, 'BAD_USER_INPUT'],
      ['invalid date', { ...base, raisedOn: '2026-02-30' }, 'BAD_USER_INPUT'],
      ['short date', { ...base, raisedOn: '26-01-01' }, 'BAD_USER_INPUT'],
    ];
    const got = [];
    for (const [n, i] of cases) got.push(`${n}: ${await codeOf(w.chair, RAISE, { i })}`);
    expect(got).toEqual(cases.map(([n, , c]) => `${n}: ${c}`));
    expect(await codeOf(w.chair, RAISE, { i: { ...base, summary: 'a'.repeat(10000) } })).toBe('OK');
    expect(await codeOf(w.teamA.socialWorker, RAISE, { i: base })).toBe('FORBIDDEN');
    expect(await codeOf(w.teamA.manager, RAISE, { i: base })).toBe('FORBIDDEN');
  });

  it('conversation with actions: overdue computed; complete by owner; stranger FORBIDDEN; cancel needs a reason', async () => {
    const conv = (
      await ok(t, w.chair, CONV, {
        i: {
          childId: childA,
          withStaffId: w.teamA.socialWorker.id,
          heldOn: '2026-11-02',
          summary: '  Visits late ',
          actions: [
            { description: ' Visit ', ownerId: w.teamA.socialWorker.id, dueBy: '2026-11-05' },
            { description: 'Update plan', ownerId: w.teamA.manager.id, dueBy: addDays(TODAY, 10) },
            { description: 'Chase school', ownerId: w.teamA.socialWorker.id, dueBy: addDays(TODAY, 10) },
          ],
        },
      })
    ).recordConversation;
    expect(conv).toMatchObject({
      heldOn: '2026-11-02',
      summary: 'Visits late',
      chair: { id: w.chair.id },
      withStaff: { id: w.teamA.socialWorker.id },
      child: { id: childA },
      escalation: null,
    });
    const byDesc = (d: string) => conv.actions.find((a: any) => a.description === d);
    const [overdue, later, third] = [byDesc('Visit'), byDesc('Update plan'), byDesc('Chase school')];
    expect(overdue).toMatchObject({
      description: 'Visit',
      status: 'OPEN',
      overdue: true,
      source: 'CONVERSATION',
      dueBy: '2026-11-05',
      completedOn: null,
    });
    expect(later).toMatchObject({ status: 'OPEN', overdue: false });
    // owner's inbox and chair's inbox show the overdue action
    const swInbox = (await ok(t, w.teamA.socialWorker, INBOX)).myInbox;
    expect(swInbox.some((i: any) => i.action?.id === overdue.id)).toBe(true);
    const chInbox = (await ok(t, w.chair, INBOX)).myInbox;
    expect(chInbox.some((i: any) => i.action?.id === overdue.id)).toBe(true);
    // stranger
    expect(
      await codeOf(w.teamB.socialWorker, COMPLETE, {
        i: { actionId: overdue.id, outcome: 'done', completedOn: TODAY },
      }),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(w.teamB.manager, COMPLETE, { i: { actionId: overdue.id, outcome: 'done', completedOn: TODAY } }),
    ).toBe('FORBIDDEN');
    expect(await codeOf(w.chair2, COMPLETE, { i: { actionId: overdue.id, outcome: 'done', completedOn: TODAY } })).toBe(
      'FORBIDDEN',
    );
    expect(
      await codeOf(w.auditor, COMPLETE, { i: { actionId: overdue.id, outcome: 'done', completedOn: TODAY } }),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(w.teamA.socialWorker, COMPLETE, {
        i: { actionId: overdue.id, outcome: 'done', completedOn: addDays(TODAY, 1) },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(w.teamA.socialWorker, COMPLETE, { i: { actionId: overdue.id, outcome: '  ', completedOn: TODAY } }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(w.teamA.socialWorker, COMPLETE, {
        i: { actionId: overdue.id, outcome: 'done', completedOn: TODAY, expectedVersion: 9 },
      }),
    ).toBe('CONFLICT');
    const done = (
      await ok(t, w.teamA.socialWorker, COMPLETE, {
        i: { actionId: overdue.id, outcome: ' visited ', completedOn: '2026-11-06', expectedVersion: overdue.version },
      })
    ).completeAction;
    expect(done).toMatchObject({
      status: 'COMPLETED',
      overdue: false,
      completedOn: '2026-11-06',
      outcome: 'visited',
      version: overdue.version + 1,
    });
    const twice = await gql(t, w.teamA.socialWorker, COMPLETE, {
      i: { actionId: overdue.id, outcome: 'again', completedOn: TODAY },
    });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'COMPLETED' });
    expect(twice.errors?.[0].extensions.operation).toBeTruthy();
    // the owner (a manager) completes theirs
    await ok(t, w.teamA.manager, COMPLETE, { i: { actionId: later.id, outcome: 'updated', completedOn: TODAY } });
    // cancel
    expect(await codeOf(w.chair, CANCEL_ACTION, { id: third.id, r: '  ' })).toBe('BAD_USER_INPUT');
    expect(await codeOf(w.auditor, CANCEL_ACTION, { id: third.id, r: 'x' })).toBe('FORBIDDEN');
    const cancelled = (await ok(t, w.chair, CANCEL_ACTION, { id: third.id, r: 'no longer needed' })).cancelAction;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', overdue: false });
    // read back
    const back = (
      await ok(t, w.teamA.socialWorker, `query($id: ID!) { conversation(id: $id) { id actions { id status } } }`, {
        id: conv.id,
      })
    ).conversation;
    expect(back.actions.map((a: any) => a.status).sort()).toEqual(['CANCELLED', 'COMPLETED', 'COMPLETED']);
    expect(
      await codeOf(w.teamB.socialWorker, `query($id: ID!) { conversation(id: $id) { id } }`, { id: conv.id }),
    ).toBe('FORBIDDEN');
  });

  it('recordConversation input rules', async () => {
    const base = { childId: childA, withStaffId: w.teamA.socialWorker.id, heldOn: '2026-11-02', summary: 'ok' };
    const cases: [string, Record<string, unknown>][] = [
      ['future heldOn', { ...base, heldOn: addDays(TODAY, 1) }],
      ['empty summary', { ...base, summary: '' }],
      ['summary 10001', { ...base, summary: 's'.repeat(10001) }],
      [
        'action dueBy before heldOn',
        { ...base, actions: [{ description: 'x', ownerId: w.teamA.socialWorker.id, dueBy: '2026-11-01' }] },
      ],
      [
        'empty action description',
        { ...base, actions: [{ description: '  ', ownerId: w.teamA.socialWorker.id, dueBy: '2026-11-03' }] },
      ],
      [
        'invalid dueBy',
        { ...base, actions: [{ description: 'x', ownerId: w.teamA.socialWorker.id, dueBy: '2026-11-31' }] },
      ],
    ];
    const got = [];
    for (const [n, i] of cases) got.push(`${n}: ${await codeOf(w.chair, CONV, { i })}`);
    expect(got).toEqual(cases.map(([n]) => `${n}: BAD_USER_INPUT`));
    expect(await codeOf(w.teamA.socialWorker, CONV, { i: base })).toBe('FORBIDDEN');
    // dueBy equal to heldOn is allowed
    expect(
      await codeOf(w.chair, CONV, {
        i: { ...base, actions: [{ description: 'x', ownerId: w.teamA.socialWorker.id, dueBy: '2026-11-02' }] },
      }),
    ).toBe('OK');
  });

  it('promotes a conversation to an escalation (link both ways)', async () => {
    const conv = (
      await ok(t, w.chair, CONV, {
        i: {
          childId: childA,
          withStaffId: w.teamA.manager.id,
          heldOn: '2026-11-10',
          summary: 'Plan drift',
          actions: [{ description: 'Review plan', ownerId: w.teamA.manager.id, dueBy: '2026-11-13' }],
        },
      })
    ).recordConversation;
    const e = await raise({ conversationId: conv.id, raisedOn: '2026-11-16' });
    expect(e.conversation).toEqual({ id: conv.id, escalation: { id: e.id } });
    const c = (
      await ok(t, w.chair, `query($id: ID!) { conversation(id: $id) { escalation { id conversation { id } } } }`, {
        id: conv.id,
      })
    ).conversation;
    expect(c.escalation).toEqual({ id: e.id, conversation: { id: conv.id } });
  });

  it('full ladder: acknowledge/respond by assignee, wrong person FORBIDDEN, escalate to stage 4, then INVALID_TRANSITION', async () => {
    const e = await raise();
    expect(await codeOf(w.teamB.manager, ACK, { id: e.id })).toBe('FORBIDDEN');
    expect(await codeOf(w.serviceManager, ACK, { id: e.id })).toBe('FORBIDDEN');
    expect(await codeOf(w.chair, ACK, { id: e.id })).toBe('FORBIDDEN');
    expect(await codeOf(w.teamA.manager, ACK, { id: e.id, v: 5 })).toBe('CONFLICT');
    const a = (await ok(t, w.teamA.manager, ACK, { id: e.id, v: 1 })).acknowledgeEscalation;
    expect(a).toMatchObject({ status: 'ACKNOWLEDGED', version: 2 });
    expect(a.stages[0].acknowledgedAt).toBeTruthy();
    const ack2 = await gql(t, w.teamA.manager, ACK, { id: e.id });
    expect(ack2.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'ACKNOWLEDGED' });
    // resolve before a response
    const early = await gql(t, w.chair, RESOLVE, { id: e.id });
    expect(early.errors?.[0].extensions.code).toBe('INVALID_TRANSITION');
    expect(await codeOf(w.teamA.manager, RESPOND, { i: { escalationId: e.id, response: '   ' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(w.teamA.manager, RESPOND, { i: { escalationId: e.id, response: 'r'.repeat(10001) } })).toBe(
      'BAD_USER_INPUT',
    );
    const r = (
      await ok(t, w.teamA.manager, RESPOND, {
        i: {
          escalationId: e.id,
          response: ' We will visit ',
          actions: [{ description: 'Visit', ownerId: w.teamA.socialWorker.id, dueBy: addDays(TODAY, 5) }],
        },
      })
    ).respondToEscalation;
    expect(r.status).toBe('RESPONDED');
    expect(r.stages[0]).toMatchObject({ response: 'We will visit' });
    expect(r.stages[0].respondedAt).toBeTruthy();
    expect(r.actions).toEqual([
      expect.objectContaining({ source: 'ESCALATION', owner: { id: w.teamA.socialWorker.id }, status: 'OPEN' }),
    ]);
    // another chair cannot escalate/resolve/withdraw
    expect(await codeOf(w.chair2, ESCALATE, { id: e.id, r: 'x' })).toBe('FORBIDDEN');
    expect(await codeOf(w.chair2, RESOLVE, { id: e.id })).toBe('FORBIDDEN');
    expect(await codeOf(w.chair2, WITHDRAW, { id: e.id, r: 'x' })).toBe('FORBIDDEN');
    expect(await codeOf(w.chair, ESCALATE, { id: e.id, r: '  ' })).toBe('BAD_USER_INPUT');
    const s2 = (await ok(t, w.chair, ESCALATE, { id: e.id, r: 'not enough' })).escalateToNextStage;
    expect(s2).toMatchObject({ stage: 2, status: 'OPEN', responseDueBy: addWD(TODAY, 5) });
    expect(s2.stages[1]).toMatchObject({
      stage: 2,
      assignedRole: 'SERVICE_MANAGER',
      assignedTo: { id: w.serviceManager.id },
      openedOn: TODAY,
      responseDueBy: addWD(TODAY, 5),
      outcome: null,
    });
    expect(s2.stages[0].outcome).toBe('ESCALATED');
    // another service manager (not the team's) cannot act at stage 2
    const otherSm: Person = { sub: `sm2-${w.authority}`, roles: [Role.SERVICE_MANAGER], authority: w.authority };
    expect(await codeOf(otherSm, ACK, { id: e.id })).toBe('FORBIDDEN');
    expect(await codeOf(w.teamA.manager, ACK, { id: e.id })).toBe('FORBIDDEN');
    await ok(t, w.serviceManager, RESPOND, { i: { escalationId: e.id, response: 'SM view' } });
    const s3 = (await ok(t, w.chair, ESCALATE, { id: e.id, r: 'still not' })).escalateToNextStage;
    expect(s3.stages[2]).toMatchObject({ stage: 3, assignedRole: 'HEAD_OF_SERVICE' });
    expect(await codeOf(w.serviceManager, ACK, { id: e.id })).toBe('FORBIDDEN');
    const hos2: Person = { sub: `hos2-${w.authority}`, roles: [Role.HEAD_OF_SERVICE], authority: w.authority };
    await ok(t, hos2, ACK, { id: e.id }); // any head of service
    const s4 = (await ok(t, w.chair, ESCALATE, { id: e.id, r: 'to director' })).escalateToNextStage;
    expect(s4.stages[3]).toMatchObject({ stage: 4, assignedRole: 'DIRECTOR' });
    const past4 = await gql(t, w.chair, ESCALATE, { id: e.id, r: 'beyond' });
    expect(past4.errors?.[0].extensions.code).toBe('INVALID_TRANSITION');
    expect(past4.errors?.[0].extensions.from).toBeTruthy();
    expect(past4.errors?.[0].extensions.operation).toBeTruthy();
    expect(await codeOf(w.headOfService, RESPOND, { i: { escalationId: e.id, response: 'x' } })).toBe('FORBIDDEN');
    await ok(t, w.director, RESPOND, { i: { escalationId: e.id, response: 'Director' } });
    const done = (await ok(t, w.chair, RESOLVE, { id: e.id, n: 'satisfied' })).resolveEscalation;
    expect(done.status).toBe('RESOLVED');
    expect(done.stages.map((s: any) => s.outcome)).toEqual(['ESCALATED', 'ESCALATED', 'ESCALATED', 'RESOLVED']);
    const w2 = await gql(t, w.chair, WITHDRAW, { id: e.id, r: 'x' });
    expect(w2.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'RESOLVED' });
    const hist = (await ok(t, w.auditor, ESC, { id: e.id })).escalation.history;
    expect(hist).toHaveLength(10);
    expect(hist.some((h: any) => h.reason === 'not enough')).toBe(true);
  });

  it('withdraw needs a reason and is for the raising chair (or a chair who is also ADMIN)', async () => {
    const e = await raise();
    expect(await codeOf(w.chair, WITHDRAW, { id: e.id, r: ' ' })).toBe('BAD_USER_INPUT');
    const w1 = (await ok(t, w.chair, WITHDRAW, { id: e.id, r: 'resolved informally' })).withdrawEscalation;
    expect(w1.status).toBe('WITHDRAWN');
    expect(w1.stages[0].outcome).toBe('WITHDRAWN');
    const e2 = await raise();
    const chairAdmin: Person = { sub: `chad-${w.authority}`, roles: [Role.CHAIR, Role.ADMIN], authority: w.authority };
    expect(await codeOf(chairAdmin, WITHDRAW, { id: e2.id, r: 'admin override' })).toBe('OK');
  });

  it('bypass: starting at stage 3 goes to a head of service', async () => {
    const e = await raise({ stage: 3, raisedOn: '2026-11-23' });
    expect(e).toMatchObject({ stage: 3, status: 'OPEN', responseDueBy: '2026-11-30' });
    expect(e.stages).toHaveLength(1);
    expect(e.stages[0]).toMatchObject({
      stage: 3,
      assignedRole: 'HEAD_OF_SERVICE',
      openedOn: '2026-11-23',
      responseDueBy: '2026-11-30',
    });
    expect(await codeOf(w.teamA.manager, ACK, { id: e.id })).toBe('FORBIDDEN');
    const inbox = (await ok(t, w.headOfService, INBOX)).myInbox;
    expect(inbox.some((i: any) => i.escalation?.id === e.id)).toBe(true);
    await ok(t, w.headOfService, ACK, { id: e.id });
  });

  it('myInbox: each role sees its stage', async () => {
    const e1 = await raise();
    const e2 = await raise();
    await ok(t, w.chair, ESCALATE, { id: e2.id, r: 'straight up' });
    const tmInbox = (await ok(t, w.teamA.manager, INBOX)).myInbox;
    expect(tmInbox.some((i: any) => i.escalation?.id === e1.id)).toBe(true);
    expect(tmInbox.some((i: any) => i.escalation?.id === e2.id)).toBe(false);
    const item = tmInbox.find((i: any) => i.escalation?.id === e1.id);
    expect(item.reason.length).toBeGreaterThan(0);
    expect(item.dueBy).toBe(e1.responseDueBy);
    const smInbox = (await ok(t, w.serviceManager, INBOX)).myInbox;
    expect(smInbox.some((i: any) => i.escalation?.id === e2.id)).toBe(true);
    expect(smInbox.some((i: any) => i.escalation?.id === e1.id)).toBe(false);
    const tmB = (await ok(t, w.teamB.manager, INBOX)).myInbox;
    expect(tmB.some((i: any) => i.escalation?.id === e1.id)).toBe(false);
    // once responded, the stage leaves the manager's inbox
    await ok(t, w.teamA.manager, RESPOND, { i: { escalationId: e1.id, response: 'done' } });
    const after = (await ok(t, w.teamA.manager, INBOX)).myInbox;
    expect(after.some((i: any) => i.escalation?.id === e1.id)).toBe(false);
  });

  it('team isolation of escalations', async () => {
    const eA = await raise();
    const eB = await raise({ childId: childB });
    expect(eB.stages[0].assignedTo).toEqual({ id: w.teamB.manager.id });
    expect(await codeOf(w.teamB.manager, ESC, { id: eA.id })).toBe('FORBIDDEN');
    expect(await codeOf(w.teamB.socialWorker, ESC, { id: eA.id })).toBe('FORBIDDEN');
    expect(await codeOf(w.teamA.socialWorker, ESC, { id: eA.id })).toBe('OK');
    const listB = (await ok(t, w.teamB.manager, LIST, { first: 100 })).escalations;
    expect(listB.edges.every((e: any) => e.node.child.id === childB)).toBe(true);
    expect(listB.edges.map((e: any) => e.node.id)).toContain(eB.id);
    expect(listB.totalCount).toBe(listB.edges.length);
  });

  it('escalations(filter) with each filter, pagination', async () => {
    const fresh = await w.child(w.teamB);
    const x1 = await raise({ childId: fresh, raisedOn: '2026-10-05' });
    const x2 = await raise({ childId: fresh, raisedOn: '2026-10-20', stage: 2 });
    const x3 = await raise({ childId: fresh, raisedOn: '2026-11-24' }, w.chair2);
    await ok(t, w.chair2, WITHDRAW, { id: x3.id, r: 'no' });
    const ids = async (f: Record<string, unknown>) =>
      (await ok(t, w.auditor, LIST, { f: { childId: fresh, ...f }, first: 100 })).escalations.edges
        .map((e: any) => e.node.id)
        .sort();
    expect(await ids({})).toEqual([x1.id, x2.id, x3.id].sort());
    expect(await ids({ status: ['WITHDRAWN'] })).toEqual([x3.id]);
    expect(await ids({ status: ['OPEN', 'ACKNOWLEDGED'] })).toEqual([x1.id, x2.id].sort());
    expect(await ids({ stage: 2 })).toEqual([x2.id]);
    expect(await ids({ raisedById: w.chair2.id })).toEqual([x3.id]);
    expect(await ids({ raisedFrom: '2026-10-20' })).toEqual([x2.id, x3.id].sort());
    expect(await ids({ raisedTo: '2026-10-20' })).toEqual([x1.id, x2.id].sort());
    expect(await ids({ raisedFrom: '2026-10-06', raisedTo: '2026-10-19' })).toEqual([]);
    expect(await ids({ teamId: w.teamB.id })).toEqual([x1.id, x2.id, x3.id].sort());
    expect(await ids({ teamId: w.teamA.id })).toEqual([]);
    expect(await ids({ breached: false })).toEqual([x1.id, x2.id, x3.id].sort());
    const p1 = (await ok(t, w.auditor, LIST, { f: { childId: fresh }, first: 2 })).escalations;
    expect(p1).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(p1.edges).toHaveLength(2);
    const p2 = (await ok(t, w.auditor, LIST, { f: { childId: fresh }, first: 2, after: p1.pageInfo.endCursor }))
      .escalations;
    expect(p2.edges).toHaveLength(1);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect(await codeOf(w.auditor, LIST, { first: 101 })).toBe('BAD_USER_INPUT');
    const def = (await ok(t, w.auditor, LIST, {})).escalations;
    expect(def.edges.length).toBe(Math.min(20, def.totalCount));
  });

  it('deadline sweep: stages past their due date are breached; counts are returned; only ADMIN runs it', async () => {
    const fresh = await w.child(w.teamA);
    const old = await raise({ childId: fresh, raisedOn: '2026-10-01' });
    expect(old.responseDueBy).toBe('2026-10-08');
    expect(await codeOf(w.chair, SWEEP, {})).toBe('FORBIDDEN');
    const r = (await ok(t, w.admin, SWEEP)).runDeadlineSweep;
    expect(r.breachedStages).toBeGreaterThanOrEqual(1);
    const after = (await ok(t, w.auditor, ESC, { id: old.id })).escalation;
    expect(after.stages[0].breached).toBe(true);
    if (r.autoEscalated > 0) {
      expect(after.stage).toBe(2);
      expect(after.stages[0].outcome).toBe('BREACHED_ESCALATED');
      expect(after.stages[1]).toMatchObject({
        assignedRole: 'SERVICE_MANAGER',
        openedOn: TODAY,
        responseDueBy: addWD(TODAY, 5),
      });
    } else {
      expect(after.stage).toBe(1);
    }
    const br = (await ok(t, w.auditor, LIST, { f: { childId: fresh, breached: true } })).escalations;
    expect(br.edges.map((e: any) => e.node.id)).toEqual([old.id]);
    // a second sweep breaches nothing new
    const r2 = (await ok(t, w.admin, SWEEP)).runDeadlineSweep;
    expect(r2.breachedStages).toBe(0);
    expect(r2.autoEscalated).toBe(0);
  });

  it('Idempotency-Key on raiseEscalation', async () => {
    const key = `key-${w.authority}-1`;
    const input = { childId: childA, concern: 'VISITS_OVERDUE', summary: 'Idem', raisedOn: TODAY };
    const a = await gql(t, w.chair, RAISE, { i: input }, { 'Idempotency-Key': key });
    const b = await gql(t, w.chair, RAISE, { i: input }, { 'Idempotency-Key': key });
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data!.raiseEscalation.id).toBe(a.data!.raiseEscalation.id);
    expect(b.data!.raiseEscalation.reference).toBe(a.data!.raiseEscalation.reference);
    const c = await gql(t, w.chair, RAISE, { i: { ...input, summary: 'Different' } }, { 'Idempotency-Key': key });
    expect(c.status).toBeLessThan(500);
    expect(c.errors?.[0].extensions.code).toBe('CONFLICT');
    // a different subject with the same key is independent
    const d = await gql(t, w.chair2, RAISE, { i: input }, { 'Idempotency-Key': key });
    expect(d.errors).toBeUndefined();
    expect(d.data!.raiseEscalation.id).not.toBe(a.data!.raiseEscalation.id);
    const count = (await ok(t, w.auditor, LIST, { f: { childId: childA }, first: 100 })).escalations.edges.length;
    const again = await gql(t, w.chair, RAISE, { i: input }, { 'Idempotency-Key': key });
    expect(again.data!.raiseEscalation.id).toBe(a.data!.raiseEscalation.id);
    expect((await ok(t, w.auditor, LIST, { f: { childId: childA }, first: 100 })).escalations.edges.length).toBe(count);
  });

  it('advocacy: offer, decline needs a reason, responding twice is INVALID_TRANSITION, history', async () => {
    const kid = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
    expect(await codeOf(w.teamA.socialWorker, OFFER, { i: { childId: kid, offeredOn: addDays(TODAY, 1) } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(w.teamB.socialWorker, OFFER, { i: { childId: kid, offeredOn: '2026-11-02' } })).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(w.auditor, OFFER, { i: { childId: kid, offeredOn: '2026-11-02' } })).toBe('FORBIDDEN');
    const o = (await ok(t, w.teamA.socialWorker, OFFER, { i: { childId: kid, offeredOn: '2026-11-02' } }))
      .offerAdvocate;
    expect(o).toMatchObject({
      status: 'OFFERED',
      offeredOn: '2026-11-02',
      respondedOn: null,
      declineReason: null,
      version: 1,
      child: { id: kid },
      conference: null,
    });
    expect(
      await codeOf(w.teamA.socialWorker, RESPONSE, {
        i: { offerId: o.id, accepted: false, respondedOn: '2026-11-03' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(w.teamA.socialWorker, RESPONSE, {
        i: { offerId: o.id, accepted: false, respondedOn: '2026-11-03', declineReason: '  ' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(w.teamA.socialWorker, RESPONSE, {
        i: { offerId: o.id, accepted: false, respondedOn: addDays(TODAY, 1), declineReason: 'x' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(w.teamA.socialWorker, RESPONSE, {
        i: { offerId: o.id, accepted: false, respondedOn: '2026-11-01', declineReason: 'x' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(w.teamA.socialWorker, RESPONSE, {
        i: { offerId: o.id, accepted: false, respondedOn: '2026-11-03', declineReason: 'x', expectedVersion: 4 },
      }),
    ).toBe('CONFLICT');
    const d = (
      await ok(t, w.teamA.socialWorker, RESPONSE, {
        i: {
          offerId: o.id,
          accepted: false,
          respondedOn: '2026-11-03',
          declineReason: ' does not want one ',
          expectedVersion: 1,
        },
      })
    ).recordAdvocateResponse;
    expect(d).toMatchObject({
      status: 'DECLINED',
      respondedOn: '2026-11-03',
      declineReason: 'does not want one',
      version: 2,
    });
    const twice = await gql(t, w.teamA.socialWorker, RESPONSE, {
      i: { offerId: o.id, accepted: true, respondedOn: '2026-11-04' },
    });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'DECLINED' });
    expect(twice.errors?.[0].extensions.operation).toBeTruthy();
    expect(d.history.map((h: any) => h.toStatus)).toEqual(['OFFERED', 'DECLINED']);
    const o2 = (await ok(t, w.teamA.socialWorker, OFFER, { i: { childId: kid, offeredOn: '2026-11-10' } }))
      .offerAdvocate;
    const acc = (
      await ok(t, w.teamA.socialWorker, RESPONSE, { i: { offerId: o2.id, accepted: true, respondedOn: '2026-11-10' } })
    ).recordAdvocateResponse;
    expect(acc).toMatchObject({ status: 'ACCEPTED', declineReason: null });
    const child = (
      await ok(t, w.auditor, `query($id: ID!) { child(id: $id) { advocateOffers { id status } } }`, { id: kid })
    ).child;
    expect(child.advocateOffers.map((x: any) => x.status).sort()).toEqual(['ACCEPTED', 'DECLINED']);
  });

  it("advocateOffered in a conference's participation reflects an offer made for it", async () => {
    const kid = await w.child(w.teamA, { dateOfBirth: '2014-01-01' });
    const conf = (
      await ok(
        t,
        w.chair,
        `mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }`,
        { i: { childIds: [kid], strategyDiscussionDate: '2026-11-02' } },
      )
    ).requestInitialConference;
    const o = (
      await ok(t, w.teamA.socialWorker, OFFER, { i: { childId: kid, conferenceId: conf.id, offeredOn: '2026-11-03' } })
    ).offerAdvocate;
    expect(o.conference).toEqual({ id: conf.id });
    await ok(t, w.chair, `mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }`, {
      i: { conferenceId: conf.id, scheduledFor: '2026-11-16T10:00:00Z' },
    });
    const held = (
      await ok(
        t,
        w.chair,
        `mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { participation { child { id } attended viewsShared advocateOffered } } }`,
        {
          i: {
            conferenceId: conf.id,
            heldOn: '2026-11-16',
            outcomes: [{ childId: kid, decision: 'NO_PLAN' }],
            participation: [{ childId: kid, attended: false, viewsShared: 'VIA_ADVOCATE' }],
          },
        },
      )
    ).recordConferenceHeld;
    expect(held.participation).toEqual([
      { child: { id: kid }, attended: false, viewsShared: 'VIA_ADVOCATE', advocateOffered: true },
    ]);
  });

  it('stage 2 with no service manager on the team goes to any SERVICE_MANAGER', async () => {
    const tmSub = `tm-nosm-${w.authority}`;
    const team = (
      await ok(t, w.admin, `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`, {
        i: { name: 'No SM', managerSubject: tmSub },
      })
    ).createTeam.id;
    const kid = (
      await ok(t, w.admin, `mutation($i: RegisterChildInput!) { registerChild(input: $i) { id } }`, {
        i: { caseReference: `NOSM-${w.authority}`, name: 'K', dateOfBirth: '2015-01-01', teamId: team },
      })
    ).registerChild.id;
    const e = await raise({ childId: kid, stage: 2 });
    expect(e.stages[0]).toMatchObject({ stage: 2, assignedRole: 'SERVICE_MANAGER' });
    const otherSm: Person = { sub: `sm3-${w.authority}`, roles: [Role.SERVICE_MANAGER], authority: w.authority };
    expect(await codeOf(otherSm, ACK, { id: e.id })).toBe('OK');
  });

  it('raiseEscalation with a conference that does not include the child is BAD_USER_INPUT', async () => {
    const other = await w.child(w.teamA);
    const conf = (
      await ok(
        t,
        w.chair,
        `mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }`,
        { i: { childIds: [other], strategyDiscussionDate: '2026-11-02' } },
      )
    ).requestInitialConference;
    expect(
      await codeOf(w.chair, RAISE, {
        i: { childId: childA, conferenceId: conf.id, concern: 'OTHER', summary: 's', raisedOn: TODAY },
      }),
    ).toBe('BAD_USER_INPUT');
    const e = await raise({ childId: other, conferenceId: conf.id });
    expect(e.conference).toEqual({ id: conf.id });
  });
});
