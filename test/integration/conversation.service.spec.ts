import { ActionRepository } from '../../src/actions/action.repository';
import { addCalendarDays } from '../../src/calendar/working-calendar';
import { DomainError } from '../../src/common/errors';
import { ConversationRepository } from '../../src/conversations/conversation.repository';
import { ConversationService } from '../../src/conversations/conversation.service';
import { EscalationService } from '../../src/escalations/escalation.service';
import { buildLadder, Ladder } from '../helpers/builders/escalations';
import { startTestApp, TestApp } from '../helpers/test-app';
import { testToday } from '../helpers/test-clock';

/** Conversations against the real PostgreSQL, no HTTP: recorded with their actions, read by team, promoted once. */
describe('ConversationService (service tier)', () => {
  let t: TestApp;
  let w: Ladder;
  let service: ConversationService;
  let repo: ConversationRepository;
  let child: string;
  const today = testToday();
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
    );
  const record = (extra: Record<string, unknown> = {}) =>
    service.record(
      w.chair,
      {
        childId: child,
        withStaffId: w.teamA.socialWorker.staffId,
        heldOn: today,
        summary: 'Visits are late',
        ...extra,
      },
      null,
    );

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildLadder(t.app, 'conv-svc');
    service = t.app.get(ConversationService);
    repo = t.app.get(ConversationRepository);
    child = await w.child(w.teamA);
  });
  afterAll(() => t.close());

  it('records a conversation with its agreed actions, as the repositories read them back', async () => {
    const id = await record({
      actions: [
        { description: 'Visit this week', ownerId: w.teamA.socialWorker.staffId, dueBy: addCalendarDays(today, 5) },
      ],
    });
    const [found] = await repo.findMany(w.authorityId, [id]);
    expect(found).toEqual({
      id,
      heldOn: today,
      summary: 'Visits are late',
      chairId: w.chair.staffId,
      withStaffId: w.teamA.socialWorker.staffId,
      childId: child,
      escalationId: null,
    });
    const actions = await t.app.get(ActionRepository).findBySubjects(w.authorityId, 'Conversation', [id]);
    expect(actions).toEqual([
      expect.objectContaining({
        source: 'CONVERSATION',
        childId: child,
        agreedOn: today,
        description: 'Visit this week',
      }),
    ]);
  });

  it("refuses a future date and another authority's staff member", async () => {
    expect(await code(record({ heldOn: addCalendarDays(today, 1) }))).toBe('BAD_USER_INPUT');
    const other = await buildLadder(t.app, 'conv-svc-other');
    expect(await code(record({ withStaffId: other.teamA.socialWorker.staffId }))).toBe('NOT_FOUND');
  });

  it("is readable by its child's team and authority-wide readers, not by another team", async () => {
    const id = await record();
    expect((await service.readable(w.teamA.manager, id)).id).toBe(id);
    expect((await service.readable(w.chair2, id)).id).toBe(id);
    expect(await code(service.readable(w.teamB.manager, id))).toBe('FORBIDDEN');
  });

  it('is promoted to an escalation once, the link recorded both ways', async () => {
    const id = await record();
    const escalations = t.app.get(EscalationService);
    const raise = (conversationId: string, childId = child) =>
      escalations.raise(
        w.chair,
        { childId, conversationId, concern: 'VISITS_OVERDUE', summary: 'Escalated', raisedOn: today },
        null,
      );
    const otherChild = await w.child(w.teamA);
    expect(await code(raise(id, otherChild))).toBe('BAD_USER_INPUT');
    const escalationId = await raise(id);
    expect((await repo.findMany(w.authorityId, [id]))[0].escalationId).toBe(escalationId);
    expect(await code(raise(id))).toBe('BAD_USER_INPUT');
  });
});
