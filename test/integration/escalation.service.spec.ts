import { addCalendarDays, englandAndWales } from '../../src/calendar/working-calendar';
import { ActionRepository } from '../../src/actions/action.repository';
import { Role } from '../../src/auth/role';
import { DomainError } from '../../src/common/errors';
import { EscalationBreaches } from '../../src/escalations/escalation-breaches';
import { EscalationQueries } from '../../src/escalations/escalation.queries';
import { EscalationRepository } from '../../src/escalations/escalation.repository';
import { EscalationService } from '../../src/escalations/escalation.service';
import { buildLadder, Ladder } from '../helpers/builders/escalations';
import { startTestApp, TestApp } from '../helpers/test-app';
import { testToday } from '../helpers/test-clock';

/** The escalation ladder's service against the real PostgreSQL, no HTTP: what the commands leave in the tables, read back through the repository. */
describe('EscalationService (service tier)', () => {
  let t: TestApp;
  let w: Ladder;
  let service: EscalationService;
  let repo: EscalationRepository;
  let childA: string;
  const today = testToday();
  const raise = (extra: Record<string, unknown> = {}) =>
    service.raise(
      w.chair,
      { childId: childA, concern: 'VISITS_OVERDUE', summary: 'Visits overdue', raisedOn: today, ...extra },
      null,
    );
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
    );

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildLadder(t.app, 'esc-svc');
    service = t.app.get(EscalationService);
    repo = t.app.get(EscalationRepository);
    childA = await w.child(w.teamA);
  });
  afterAll(() => t.close());

  it('raises at stage 1: a gapless reference, the clock from the raised date, addressed to the team manager', async () => {
    const first = await repo.find(w.authorityId, await raise());
    const second = await repo.find(w.authorityId, await raise({ summary: 'Another' }));
    const year = today.slice(0, 4);
    expect(first).toMatchObject({
      status: 'OPEN',
      stage: 1,
      childId: childA,
      teamId: w.teamA.id,
      raisedById: w.chair.staffId,
      raisedOn: today,
      breached: false,
      closedOn: null,
      version: 1,
    });
    expect(first!.reference).toMatch(new RegExp(`^ESC-${year}-\\d{4}$`));
    expect(Number(second!.reference.slice(-4))).toBe(Number(first!.reference.slice(-4)) + 1);
    expect(first!.responseDueBy).toBe(englandAndWales.addWorkingDays(today, 5));
    const [stage] = await repo.stagesOf(w.authorityId, [first!.id]);
    expect(stage).toMatchObject({
      stage: 1,
      assignedRole: Role.TEAM_MANAGER,
      assignedTo: w.teamA.manager.staffId,
      openedOn: today,
      responseDueBy: first!.responseDueBy,
      outcome: null,
    });
  });

  it("lets only the stage's assignee acknowledge and respond; the response's actions are the escalation's", async () => {
    const id = await raise();
    expect(await code(service.acknowledge(w.teamB.manager, id))).toBe('FORBIDDEN');
    expect(await code(service.acknowledge(w.chair, id))).toBe('FORBIDDEN');
    await service.acknowledge(w.teamA.manager, id);
    expect(await repo.find(w.authorityId, id)).toMatchObject({ status: 'ACKNOWLEDGED', version: 2 });
    expect((await repo.stagesOf(w.authorityId, [id]))[0].acknowledgedAt).toBeInstanceOf(Date);
    await service.respond(w.teamA.manager, {
      escalationId: id,
      response: 'Visits booked',
      actions: [
        { description: 'Visit weekly', ownerId: w.teamA.socialWorker.staffId, dueBy: addCalendarDays(today, 7) },
      ],
    });
    const [stage] = await repo.stagesOf(w.authorityId, [id]);
    expect(stage).toMatchObject({ response: 'Visits booked', outcome: null });
    expect(stage.respondedAt).toBeInstanceOf(Date);
    const actions = await t.app.get(ActionRepository).findBySubjects(w.authorityId, 'Escalation', [id]);
    expect(actions).toEqual([
      expect.objectContaining({
        source: 'ESCALATION',
        subjectId: id,
        childId: childA,
        ownerId: w.teamA.socialWorker.staffId,
        agreedOn: today,
        status: 'OPEN',
      }),
    ]);
  });

  it("escalates by the chair: stage 1 closes ESCALATED, stage 2 opens for the team's service manager with a new clock", async () => {
    const id = await raise({ raisedOn: addCalendarDays(today, -10) });
    expect(await code(service.escalateByChair(w.chair2, id, 'Not mine'))).toBe('FORBIDDEN');
    await service.escalateByChair(w.chair, id, 'No progress', 1);
    const esc = await repo.find(w.authorityId, id);
    expect(esc).toMatchObject({
      status: 'OPEN',
      stage: 2,
      version: 2,
      responseDueBy: englandAndWales.addWorkingDays(today, 5),
    });
    const stages = await repo.stagesOf(w.authorityId, [id]);
    expect(stages.map((s) => [s.stage, s.outcome, s.assignedTo])).toEqual([
      [1, 'ESCALATED', w.teamA.manager.staffId],
      [2, null, w.serviceManager.staffId],
    ]);
    expect(stages[1].openedOn).toBe(today);
    // A stale expectedVersion is refused.
    expect(await code(service.escalateByChair(w.chair, id, 'Again', 1))).toBe('CONFLICT');
  });

  it('withdraws and resolves: the escalation closes today and its stage keeps the outcome', async () => {
    const withdrawn = await raise();
    await service.withdraw(w.chair, withdrawn, 'Raised in error');
    expect(await repo.find(w.authorityId, withdrawn)).toMatchObject({ status: 'WITHDRAWN', closedOn: today });
    expect((await repo.stagesOf(w.authorityId, [withdrawn]))[0].outcome).toBe('WITHDRAWN');
    expect(await code(service.acknowledge(w.teamA.manager, withdrawn))).toBe('INVALID_TRANSITION');

    const resolved = await raise();
    await service.respond(w.teamA.manager, { escalationId: resolved, response: 'Done' });
    await service.resolve(w.chair, resolved, 'Satisfied');
    expect(await repo.find(w.authorityId, resolved)).toMatchObject({ status: 'RESOLVED', closedOn: today });
    expect((await repo.stagesOf(w.authorityId, [resolved]))[0].outcome).toBe('RESOLVED');
  });

  it("refuses another authority's escalation as NOT_FOUND, and a conference that does not exist", async () => {
    const id = await raise();
    const other = await buildLadder(t.app, 'esc-svc-other');
    expect(await code(service.acknowledge(other.teamA.manager, id))).toBe('NOT_FOUND');
    expect(await repo.find(other.authorityId, id)).toBeNull();
    expect(await code(raise({ conferenceId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
  });

  it('the sweep breaches an overdue stage once and escalates it (AUTO_ESCALATE)', async () => {
    const child = await w.child(w.teamB);
    const id = await raise({ childId: child, raisedOn: addCalendarDays(today, -20) });
    const before = await repo.find(w.authorityId, id);
    const sweepDay = addCalendarDays(before!.responseDueBy, 1);
    const breaches = t.app.get(EscalationBreaches);
    expect(await breaches.authoritiesDue(sweepDay)).toContain(w.authorityId);
    const counts = await breaches.sweep(w.authorityId, sweepDay);
    expect(counts.failed).toBe(false);
    expect(counts.autoEscalated).toBeGreaterThanOrEqual(1);
    const after = await repo.find(w.authorityId, id);
    expect(after).toMatchObject({ stage: 2, breached: true });
    const stages = await repo.stagesOf(w.authorityId, [id]);
    expect(stages.map((s) => [s.stage, s.breached, s.outcome])).toEqual([
      [1, true, 'BREACHED_ESCALATED'],
      [2, false, null],
    ]);
    // Once: a second sweep on the same day finds nothing more of this escalation's.
    await breaches.sweep(w.authorityId, sweepDay);
    expect((await repo.find(w.authorityId, id))!.version).toBe(after!.version);
  });

  it("lists through the repository with the filter's scope, counting only when asked", async () => {
    const queries = t.app.get(EscalationQueries);
    const page = await queries.list(w.teamB.manager, null, 100, null);
    const ids = page.edges.map((e) => e.node.id);
    expect(page.edges.every((e) => e.node.teamId === w.teamB.id)).toBe(true);
    expect(await page.count()).toBe(ids.length);
    const all = await queries.list(w.admin, null, 100, null);
    expect(await all.count()).toBeGreaterThan(ids.length);
  });
});
