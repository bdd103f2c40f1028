import { Role } from '../../src/auth/role';
import { addCalendarDays } from '../../src/calendar/working-calendar';
import { testToday } from '../helpers/test-clock';
import { errorCode, gql, ok, startTestApp, TestApp, uniqueAuthority } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

const RECORD = `mutation($i: RecordConversationInput!) { recordConversation(input: $i) { id summary heldOn
  actions { id description dueBy status overdue version source owner { id } } } }`;
const COMPLETE =
  'mutation($i: CompleteActionInput!) { completeAction(input: $i) { id status completedOn outcome overdue version } }';
const CANCEL =
  'mutation($id: ID!, $r: String!, $v: Int) { cancelAction(actionId: $id, reason: $r, expectedVersion: $v) { id status cancelReason version } }';
const REDATE =
  'mutation($id: ID!, $d: Date!, $v: Int) { changeActionDueDate(actionId: $id, dueBy: $d, reason: "more time agreed", expectedVersion: $v) { id dueBy overdue version history { action reason } } }';

describe('conversations and actions', () => {
  let t: TestApp;
  let w: World;
  let child: string;
  const today = testToday();

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'conv');
    child = await w.child(w.teamA);
  });
  afterAll(() => t.close());

  const record = async (
    actions: { description: string; ownerId: string; dueBy: string }[],
    extra: Record<string, unknown> = {},
  ) =>
    (
      await ok(t, w.chair, RECORD, {
        i: {
          childId: child,
          withStaffId: w.teamA.manager.id,
          heldOn: addCalendarDays(today, -3),
          summary: 'Plan drifting',
          actions,
          ...extra,
        },
      })
    ).recordConversation;

  it("records a conversation with actions, readable by the child's team only", async () => {
    const c = await record([
      { description: 'Chase the school', ownerId: w.teamA.socialWorker.id, dueBy: today },
      { description: 'Late', ownerId: w.teamA.manager.id, dueBy: addCalendarDays(today, -1) },
    ]);
    expect(c.actions.map((a: { overdue: boolean }) => a.overdue)).toEqual([true, false]);
    const q =
      'query($id: ID!) { conversation(id: $id) { id child { id } withStaff { id } escalation { id } history { action } } }';
    expect((await ok(t, w.teamA.socialWorker, q, { id: c.id })).conversation).toMatchObject({
      id: c.id,
      withStaff: { id: w.teamA.manager.id },
      escalation: null,
      history: [{ action: 'CONVERSATION_RECORDED' }],
    });
    expect(await errorCode(t, w.teamB.socialWorker, q, { id: c.id })).toBe('FORBIDDEN');
    expect(
      await errorCode(t, { sub: 'x', roles: [Role.AUDITOR], authority: uniqueAuthority('other') }, q, { id: c.id }),
    ).toBe('NOT_FOUND');
  });

  it('validates a conversation', async () => {
    const bad = async (i: Record<string, unknown>) =>
      (
        await gql(t, w.chair, RECORD, {
          i: { childId: child, withStaffId: w.teamA.manager.id, heldOn: today, summary: 'S', ...i },
        })
      ).errors?.[0].extensions;
    expect(await bad({ heldOn: addCalendarDays(today, 1) })).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'heldOn' }],
    });
    expect(await bad({ withStaffId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      code: 'NOT_FOUND',
      fields: [{ field: 'withStaffId' }],
    });
    expect(await bad({ summary: '' })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      await bad({ actions: [{ description: 'x', ownerId: '00000000-0000-4000-8000-000000000000', dueBy: today }] }),
    ).toMatchObject({ code: 'NOT_FOUND', fields: [{ field: 'actions.0.ownerId' }] });
    expect(
      await bad({ actions: [{ description: ' ', ownerId: w.teamA.socialWorker.id, dueBy: today }] }),
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      await errorCode(t, w.teamA.socialWorker, RECORD, {
        i: { childId: child, withStaffId: w.teamA.manager.id, heldOn: today, summary: 'S' },
      }),
    ).toBe('FORBIDDEN');
  });

  it("lets the owner or the owner's manager complete an action, once", async () => {
    const [a, b] = (
      await record([
        { description: 'A', ownerId: w.teamA.socialWorker.id, dueBy: today },
        { description: 'B', ownerId: w.teamA.socialWorker.id, dueBy: today },
      ])
    ).actions;
    const input = (id: string, extra: Record<string, unknown> = {}) => ({
      i: { actionId: id, outcome: 'Done', completedOn: today, ...extra },
    });
    expect(await errorCode(t, w.teamB.manager, COMPLETE, input(a.id))).toBe('FORBIDDEN');
    expect(await errorCode(t, w.chair2, COMPLETE, input(a.id))).toBe('FORBIDDEN');
    expect(await errorCode(t, w.auditor, COMPLETE, input(a.id))).toBe('FORBIDDEN');
    expect(
      await errorCode(t, w.teamA.socialWorker, COMPLETE, input(a.id, { completedOn: addCalendarDays(today, 1) })),
    ).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.teamA.socialWorker, COMPLETE, input(a.id, { expectedVersion: 7 }))).toBe('CONFLICT');
    expect((await ok(t, w.teamA.socialWorker, COMPLETE, input(a.id))).completeAction).toMatchObject({
      status: 'COMPLETED',
      completedOn: today,
      outcome: 'Done',
      overdue: false,
      version: 2,
    });
    const again = await gql(t, w.teamA.socialWorker, COMPLETE, input(a.id));
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'COMPLETED',
      operation: 'complete',
    });
    expect((await ok(t, w.teamA.manager, COMPLETE, input(b.id))).completeAction.status).toBe('COMPLETED');
  });

  it("cancels with a reason (whoever agreed it, the owner's manager or an admin) and moves due dates", async () => {
    const [a, b] = (
      await record([
        { description: 'A', ownerId: w.teamA.socialWorker.id, dueBy: addCalendarDays(today, -1) },
        { description: 'B', ownerId: w.teamA.socialWorker.id, dueBy: today },
      ])
    ).actions;
    expect(await errorCode(t, w.teamA.socialWorker, CANCEL, { id: a.id, r: 'not mine' })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.chair, CANCEL, { id: a.id, r: '  ' })).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.chair, REDATE, { id: a.id, d: addCalendarDays(today, -30) })).toBe('BAD_USER_INPUT');
    const moved = (await ok(t, w.chair, REDATE, { id: a.id, d: addCalendarDays(today, 14), v: 1 })).changeActionDueDate;
    expect(moved).toMatchObject({ dueBy: addCalendarDays(today, 14), overdue: false, version: 2 });
    expect(moved.history.map((h: { action: string }) => h.action)).toEqual([
      'ACTION_CREATED',
      'ACTION_DUE_DATE_CHANGED',
    ]);
    expect(await errorCode(t, w.chair, REDATE, { id: a.id, d: today, v: 1 })).toBe('CONFLICT');
    expect((await ok(t, w.chair, CANCEL, { id: a.id, r: 'No longer needed' })).cancelAction).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'No longer needed',
    });
    expect((await ok(t, w.admin, CANCEL, { id: b.id, r: 'Duplicate' })).cancelAction.status).toBe('CANCELLED');
    expect(await errorCode(t, w.chair, CANCEL, { id: b.id, r: 'again' })).toBe('INVALID_TRANSITION');
  });

  it('records once per Idempotency-Key', async () => {
    const key = { 'idempotency-key': `conv-${Date.now()}` };
    const i = {
      childId: child,
      withStaffId: w.teamA.manager.id,
      heldOn: today,
      summary: 'Once',
      actions: [{ description: 'A', ownerId: w.teamA.socialWorker.id, dueBy: today }],
    };
    const first = await ok(t, w.chair, RECORD, { i }, key);
    const second = await ok(t, w.chair, RECORD, { i }, key);
    expect(second.recordConversation.id).toBe(first.recordConversation.id);
    expect(second.recordConversation.actions).toHaveLength(1);
  });
});
