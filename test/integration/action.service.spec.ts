import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ActionRepository } from '../../src/actions/action.repository';
import { ActionService, CreateActionsCommand } from '../../src/actions/action.service';
import { OverdueActions } from '../../src/actions/overdue-actions';
import { CurrentUser } from '../../src/auth/principal';
import { Role } from '../../src/auth/role';
import { addCalendarDays } from '../../src/calendar/working-calendar';
import { DomainError } from '../../src/common/errors';
import { buildLadder, Ladder } from '../helpers/builders/escalations';
import { startTestApp, TestApp } from '../helpers/test-app';
import { testToday } from '../helpers/test-clock';

/** The one action mechanism against the real PostgreSQL, no HTTP: what the commands and the overdue sweep leave in the action table. */
describe('ActionService (service tier)', () => {
  let t: TestApp;
  let w: Ladder;
  let service: ActionService;
  let repo: ActionRepository;
  let child: string;
  const today = testToday();
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
    );
  const fieldsOf = (p: Promise<unknown>) =>
    p.then(
      () => [],
      (e: DomainError) => ((e.extensions.fields ?? []) as { field: string }[]).map((f) => f.field),
    );
  const create = (
    user: CurrentUser,
    actions: CreateActionsCommand['actions'],
    extra: Partial<CreateActionsCommand> = {},
  ) =>
    t.app.get(DataSource).transaction((manager) =>
      service.createActions(manager, user, {
        source: 'CONVERSATION',
        subjectType: 'Conversation',
        subjectId: randomUUID(),
        childId: child,
        agreedOn: today,
        actions,
        ...extra,
      }),
    );
  const one = async (id: string) => (await repo.findMany(w.authorityId, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildLadder(t.app, 'act-svc');
    service = t.app.get(ActionService);
    repo = t.app.get(ActionRepository);
    child = await w.child(w.teamA);
  });
  afterAll(() => t.close());

  it('creates every action of a record in one go, in input order, as the repository reads them back', async () => {
    const subjectId = randomUUID();
    const ids = await create(
      w.chair,
      [
        { description: 'Book the visits', ownerId: w.teamA.socialWorker.staffId, dueBy: addCalendarDays(today, 7) },
        { description: 'Chase the school', ownerId: w.teamA.manager.staffId, dueBy: addCalendarDays(today, 3) },
      ],
      { subjectId },
    );
    expect(ids).toHaveLength(2);
    expect((await one(ids[0])).description).toBe('Book the visits');
    const records = await repo.findBySubjects(w.authorityId, 'Conversation', [subjectId]);
    // Soonest due first.
    expect(records.map((r) => r.id)).toEqual([ids[1], ids[0]]);
    expect(records[0]).toMatchObject({
      authorityId: w.authorityId,
      source: 'CONVERSATION',
      subjectType: 'Conversation',
      subjectId,
      childId: child,
      planId: null,
      ownerId: w.teamA.manager.staffId,
      createdById: w.chair.staffId,
      agreedOn: today,
      dueBy: addCalendarDays(today, 3),
      status: 'OPEN',
      completedOn: null,
      outcome: null,
      cancelReason: null,
      version: 1,
    });
  });

  it('refuses an owner from outside the authority (NOT_FOUND) and a due date before the day agreed, naming the fields', async () => {
    const other = await buildLadder(t.app, 'act-svc-other');
    expect(
      await code(create(w.chair, [{ description: 'x', ownerId: other.teamA.manager.staffId, dueBy: today }])),
    ).toBe('NOT_FOUND');
    expect(
      await fieldsOf(
        create(
          w.chair,
          [
            { description: 'ok', ownerId: w.teamA.manager.staffId, dueBy: today },
            { description: 'late', ownerId: w.teamA.manager.staffId, dueBy: addCalendarDays(today, -1) },
          ],
          { field: 'input.actions' },
        ),
      ),
    ).toEqual(['input.actions.1.dueBy']);
  });

  it("is completed by its owner or the owner's manager, not by anyone else", async () => {
    const [byOwner, byManager] = await create(w.chair, [
      { description: 'a', ownerId: w.teamA.socialWorker.staffId, dueBy: addCalendarDays(today, 5) },
      { description: 'b', ownerId: w.teamA.socialWorker.staffId, dueBy: addCalendarDays(today, 5) },
    ]);
    const input = (actionId: string) => ({ actionId, outcome: 'Done', completedOn: today });
    expect(await code(service.complete(w.teamB.manager, input(byOwner)))).toBe('FORBIDDEN');
    expect(
      await code(service.complete(w.teamA.socialWorker, { ...input(byOwner), completedOn: addCalendarDays(today, 1) })),
    ).toBe('BAD_USER_INPUT');
    await service.complete(w.teamA.socialWorker, input(byOwner));
    await service.complete(w.teamA.manager, input(byManager));
    for (const id of [byOwner, byManager])
      expect(await one(id)).toMatchObject({ status: 'COMPLETED', completedOn: today, outcome: 'Done', version: 2 });
    expect(await code(service.complete(w.teamA.socialWorker, input(byOwner)))).toBe('INVALID_TRANSITION');
  });

  it("is cancelled or re-dated by whoever agreed it, the owner's manager or an admin", async () => {
    const [id] = await create(w.chair, [
      { description: 'c', ownerId: w.teamA.socialWorker.staffId, dueBy: addCalendarDays(today, 5) },
    ]);
    const stranger = await w.person('stranger', [Role.CHAIR]);
    expect(await code(service.changeDueDate(stranger, id, addCalendarDays(today, 9), 'later'))).toBe('FORBIDDEN');
    expect(await code(service.changeDueDate(w.chair, id, addCalendarDays(today, -1), 'earlier'))).toBe(
      'BAD_USER_INPUT',
    );
    await service.changeDueDate(w.teamA.manager, id, addCalendarDays(today, 9), 'later');
    expect(await one(id)).toMatchObject({ dueBy: addCalendarDays(today, 9), version: 2 });
    await service.cancel(w.chair, id, 'No longer needed', 2);
    expect(await one(id)).toMatchObject({ status: 'CANCELLED', cancelReason: 'No longer needed', version: 3 });
  });

  it("answers the other owners' questions about actions: a plan's actions, its open ones, a record's open count", async () => {
    const planId = randomUUID();
    const subjectId = randomUUID();
    const [open, done] = await create(
      w.chair,
      [
        { description: 'open', ownerId: w.teamA.socialWorker.staffId, dueBy: addCalendarDays(today, 5) },
        { description: 'done', ownerId: w.teamA.socialWorker.staffId, dueBy: addCalendarDays(today, 5) },
      ],
      { planId, subjectType: 'CaseAudit', subjectId },
    );
    await service.complete(w.teamA.socialWorker, { actionId: done, outcome: 'Done', completedOn: today });
    // Both made by one statement, so one created_at: then in id order.
    const byPlan = await repo.findByPlans(w.authorityId, [planId]);
    expect(byPlan.map((a) => a.id)).toEqual([open, done].sort());
    expect(byPlan.map((a) => [a.id, a.planId, a.status]).sort()).toEqual(
      [
        [open, planId, 'OPEN'],
        [done, planId, 'COMPLETED'],
      ].sort(),
    );
    const [ids, n, none] = await t.app
      .get(DataSource)
      .transaction((m) =>
        Promise.all([
          repo.openIdsOfPlan(m, w.authorityId, planId),
          repo.countOpenOfSubject(m, w.authorityId, 'CaseAudit', subjectId),
          repo.countOpenOfSubject(m, w.authorityId, 'Conversation', subjectId),
        ]),
      );
    expect(ids).toEqual([open]);
    expect([n, none]).toEqual([1, 0]);
    // Another authority's view of the same plan is empty.
    expect(await repo.findByPlans(randomUUID(), [planId])).toEqual([]);
  });

  it('tells the owner once when it falls overdue; a new due date re-arms it', async () => {
    const [id] = await create(w.chair, [
      { description: 'Overdue soon', ownerId: w.teamA.socialWorker.staffId, dueBy: today },
    ]);
    const overdue = t.app.get(OverdueActions);
    const dayAfter = addCalendarDays(today, 1);
    expect(await overdue.authoritiesDue(dayAfter)).toContain(w.authorityId);
    const first = await overdue.sweep(w.authorityId, dayAfter);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await overdue.sweep(w.authorityId, dayAfter)).toBe(0);
    await service.changeDueDate(w.chair, id, dayAfter, 'one more day');
    expect(await overdue.sweep(w.authorityId, addCalendarDays(today, 2))).toBe(1);
    const alerts: { n: number }[] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM inbox_alert WHERE authority_id = $1 AND action_id = $2 AND kind = 'ACTION_OVERDUE'",
      [w.authorityId, id],
    );
    expect(alerts[0].n).toBe(2);
  });
});
