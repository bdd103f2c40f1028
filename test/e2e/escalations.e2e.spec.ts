import { addCalendarDays } from '../../src/calendar/working-calendar';
import { testToday } from '../helpers/test-clock';
import { errorCode, gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

const RAISE = `mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) {
  id reference status stage version responseDueBy raisedOn
  stages { stage assignedRole assignedTo { id } openedOn responseDueBy outcome breached }
  conversation { id escalation { id } } child { id } raisedBy { id } } }`;
const ESC = `query($id: ID!) { escalation(id: $id) { id status stage version responseDueBy
  stages { stage assignedRole assignedTo { id } openedOn responseDueBy respondedAt response outcome breached }
  actions { id source description owner { id } } history { action fromStatus toStatus } } }`;
const ACK =
  'mutation($id: ID!, $v: Int) { acknowledgeEscalation(escalationId: $id, expectedVersion: $v) { id status version } }';
const RESPOND =
  'mutation($i: RespondToEscalationInput!) { respondToEscalation(input: $i) { id status version actions { id source owner { id } } } }';
const RESOLVE =
  'mutation($id: ID!, $v: Int) { resolveEscalation(escalationId: $id, note: "satisfied", expectedVersion: $v) { id status stages { outcome } } }';
const ESCALATE =
  'mutation($id: ID!, $v: Int) { escalateToNextStage(escalationId: $id, reason: "no progress", expectedVersion: $v) { id status stage responseDueBy stages { stage outcome openedOn assignedRole } } }';
const WITHDRAW =
  'mutation($id: ID!) { withdrawEscalation(escalationId: $id, reason: "resolved informally") { id status } }';

describe('escalations: the formal ladder', () => {
  let t: TestApp;
  let w: World;
  let child: string;
  const today = testToday();

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'esc');
    child = await w.child(w.teamA);
  });
  afterAll(() => t.close());

  const raise = async (extra: Record<string, unknown> = {}, who = w.chair) =>
    (
      await ok(t, who, RAISE, {
        i: {
          childId: child,
          concern: 'PLAN_NOT_PROGRESSING',
          summary: 'No progress on the plan',
          raisedOn: today,
          ...extra,
        },
      })
    ).raiseEscalation;

  it('promotes a conversation to an escalation, keeping the link both ways', async () => {
    const conv = await ok(
      t,
      w.chair,
      `mutation($i: RecordConversationInput!) { recordConversation(input: $i) {
      id heldOn summary chair { id } withStaff { id } child { id } escalation { id }
      actions { id description dueBy status overdue source owner { id } version } } }`,
      {
        i: {
          childId: child,
          withStaffId: w.teamA.socialWorker.id,
          heldOn: today,
          summary: 'Visits are late',
          actions: [
            { description: 'Visit this week', ownerId: w.teamA.socialWorker.id, dueBy: addCalendarDays(today, 7) },
          ],
        },
      },
    );
    const c = conv.recordConversation;
    expect(c).toMatchObject({
      chair: { id: w.chair.id },
      withStaff: { id: w.teamA.socialWorker.id },
      escalation: null,
    });
    expect(c.actions).toEqual([
      expect.objectContaining({
        status: 'OPEN',
        overdue: false,
        source: 'CONVERSATION',
        owner: { id: w.teamA.socialWorker.id },
        version: 1,
      }),
    ]);
    const esc = await raise({ conversationId: c.id });
    expect(esc.conversation).toEqual({ id: c.id, escalation: { id: esc.id } });
    const again = await ok(t, w.chair, 'query($id: ID!) { conversation(id: $id) { escalation { id reference } } }', {
      id: c.id,
    });
    expect(again.conversation.escalation).toEqual({ id: esc.id, reference: esc.reference });
    expect(
      (
        await gql(t, w.chair, RAISE, {
          i: { childId: child, concern: 'OTHER', summary: 'x', raisedOn: today, conversationId: c.id },
        })
      ).errors?.[0].extensions.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('walks an escalation through all four stages, with the right assignee at each', async () => {
    const esc = await raise();
    expect(esc.reference).toMatch(/^ESC-\d{4}-\d{4}$/);
    expect(esc.stages).toEqual([
      expect.objectContaining({
        stage: 1,
        assignedRole: 'TEAM_MANAGER',
        assignedTo: { id: w.teamA.manager.id },
        openedOn: today,
        outcome: null,
        breached: false,
      }),
    ]);
    await ok(t, w.teamA.manager, ACK, { id: esc.id });
    const responded = await ok(t, w.teamA.manager, RESPOND, {
      i: {
        escalationId: esc.id,
        response: 'We will visit',
        actions: [{ description: 'Visit', ownerId: w.teamA.socialWorker.id, dueBy: addCalendarDays(today, 3) }],
      },
    });
    expect(responded.respondToEscalation.actions).toEqual([
      expect.objectContaining({ source: 'ESCALATION', owner: { id: w.teamA.socialWorker.id } }),
    ]);
    let e = (await ok(t, w.chair, ESCALATE, { id: esc.id })).escalateToNextStage;
    expect(e).toMatchObject({ status: 'OPEN', stage: 2 });
    expect(e.stages.map((s: { outcome: string }) => s.outcome)).toEqual(['ESCALATED', null]);
    expect(await errorCode(t, w.teamA.manager, ACK, { id: esc.id })).toBe('FORBIDDEN');
    await ok(t, w.serviceManager, ACK, { id: esc.id });
    e = (await ok(t, w.chair, ESCALATE, { id: esc.id })).escalateToNextStage;
    expect(e.stages[2]).toMatchObject({ stage: 3, assignedRole: 'HEAD_OF_SERVICE', openedOn: today });
    await ok(t, w.headOfService, RESPOND, { i: { escalationId: esc.id, response: 'Reviewed' } });
    e = (await ok(t, w.chair, ESCALATE, { id: esc.id })).escalateToNextStage;
    expect(e.stage).toBe(4);
    const stage4 = await gql(t, w.chair, ESCALATE, { id: esc.id });
    expect(stage4.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'OPEN',
      operation: 'escalate',
    });
    await ok(t, w.director, RESPOND, { i: { escalationId: esc.id, response: 'Director decision' } });
    const done = (await ok(t, w.chair, RESOLVE, { id: esc.id })).resolveEscalation;
    expect(done.status).toBe('RESOLVED');
    expect(done.stages.map((s: { outcome: string }) => s.outcome)).toEqual([
      'ESCALATED',
      'ESCALATED',
      'ESCALATED',
      'RESOLVED',
    ]);
    const full = (await ok(t, w.auditor, ESC, { id: esc.id })).escalation;
    expect(full.history.map((h: { action: string }) => h.action)).toEqual([
      'ESCALATION_CREATED',
      'ESCALATION_ACKNOWLEDGE',
      'ESCALATION_RESPOND',
      'ESCALATION_ESCALATE',
      'ESCALATION_ACKNOWLEDGE',
      'ESCALATION_ESCALATE',
      'ESCALATION_RESPOND',
      'ESCALATION_ESCALATE',
      'ESCALATION_RESPOND',
      'ESCALATION_RESOLVE',
    ]);
    expect(full.actions).toHaveLength(1);
  });

  it('refuses the wrong person (FORBIDDEN) and the wrong status (INVALID_TRANSITION)', async () => {
    const esc = await raise();
    expect(await errorCode(t, w.teamB.manager, ACK, { id: esc.id })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.serviceManager, ACK, { id: esc.id })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.chair, ACK, { id: esc.id })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.teamB.manager, RESPOND, { i: { escalationId: esc.id, response: 'x' } })).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(t, w.chair2, RESOLVE, { id: esc.id })).toBe('FORBIDDEN');
    const early = await gql(t, w.chair, RESOLVE, { id: esc.id });
    expect(early.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'OPEN',
      operation: 'resolve',
    });
    await ok(t, w.teamA.manager, ACK, { id: esc.id });
    const twice = await gql(t, w.teamA.manager, ACK, { id: esc.id });
    expect(twice.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'ACKNOWLEDGED',
      operation: 'acknowledge',
    });
    expect((await ok(t, w.chair, WITHDRAW, { id: esc.id })).withdrawEscalation.status).toBe('WITHDRAWN');
    const late = await gql(t, w.teamA.manager, RESPOND, { i: { escalationId: esc.id, response: 'x' } });
    expect(late.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'WITHDRAWN',
      operation: 'respond',
    });
  });

  it("lets an admin who is also a chair resolve another chair's escalation", async () => {
    const esc = await raise();
    await ok(t, w.teamA.manager, RESPOND, { i: { escalationId: esc.id, response: 'Done' } });
    const adminChair = { ...w.chair2, sub: `adminchair-${w.authority}`, roles: [...w.chair2.roles, 'ADMIN' as never] };
    expect((await ok(t, adminChair, RESOLVE, { id: esc.id })).resolveEscalation.status).toBe('RESOLVED');
  });

  it('refuses a stale expectedVersion with CONFLICT', async () => {
    const esc = await raise();
    expect(await errorCode(t, w.teamA.manager, ACK, { id: esc.id, v: esc.version + 1 })).toBe('CONFLICT');
    const acked = (await ok(t, w.teamA.manager, ACK, { id: esc.id, v: esc.version })).acknowledgeEscalation;
    expect(acked.version).toBe(esc.version + 1);
    expect(await errorCode(t, w.chair, ESCALATE, { id: esc.id, v: esc.version })).toBe('CONFLICT');
  });

  it('bypasses to stage 3, addressed to any head of service', async () => {
    const esc = await raise({ stage: 3 });
    expect(esc.stage).toBe(3);
    expect(esc.stages).toEqual([
      expect.objectContaining({ stage: 3, assignedRole: 'HEAD_OF_SERVICE', assignedTo: null }),
    ]);
    expect(await errorCode(t, w.teamA.manager, ACK, { id: esc.id })).toBe('FORBIDDEN');
    expect((await ok(t, w.headOfService, ACK, { id: esc.id })).acknowledgeEscalation.status).toBe('ACKNOWLEDGED');
  });

  it('links a conference about the child, and refuses one that is not', async () => {
    const conf = await ok(
      t,
      w.chair,
      'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }',
      { i: { childIds: [child], strategyDiscussionDate: today } },
    );
    const id = conf.requestInitialConference.id;
    const esc = (
      await ok(t, w.chair, 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { conference { id } } }', {
        i: {
          childId: child,
          conferenceId: id,
          concern: 'CONFERENCE_REPORT_LATE',
          summary: 'Report late',
          raisedOn: today,
        },
      })
    ).raiseEscalation;
    expect(esc.conference).toEqual({ id });
    const other = await w.child(w.teamB);
    const res = await gql(t, w.chair, RAISE, {
      i: { childId: other, conferenceId: id, concern: 'OTHER', summary: 'x', raisedOn: today },
    });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'conferenceId' }] });
  });

  it('lets exactly one of 10 concurrent acknowledgements win', async () => {
    const esc = await raise();
    const results = await Promise.all(Array.from({ length: 10 }, () => gql(t, w.teamA.manager, ACK, { id: esc.id })));
    const wins = results.filter((r) => !r.errors);
    expect(wins).toHaveLength(1);
    for (const r of results.filter((x) => x.errors))
      expect(['INVALID_TRANSITION', 'CONFLICT']).toContain(r.errors![0].extensions.code);
    const history = (await ok(t, w.auditor, ESC, { id: esc.id })).escalation.history;
    expect(history.filter((h: { action: string }) => h.action === 'ESCALATION_ACKNOWLEDGE')).toHaveLength(1);
  });
});
