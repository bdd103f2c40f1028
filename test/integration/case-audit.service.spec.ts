import { DataSource } from 'typeorm';
import { ActionRepository } from '../../src/actions/action.repository';
import { CaseAuditSweep } from '../../src/case-audits/case-audit-sweep';
import { CaseAuditQueries } from '../../src/case-audits/case-audit.queries';
import { CaseAuditRepository } from '../../src/case-audits/case-audit.repository';
import { CaseAuditService } from '../../src/case-audits/case-audit.service';
import { RecordCaseAuditInput } from '../../src/case-audits/case-audit.types';
import { buildDirectory, DirectoryWorld, outcome } from '../helpers/builders/directory';
import { startTestApp, TestApp } from '../helpers/test-app';

// Case audits through CaseAuditService, CaseAuditQueries and the sweep step against the real
// PostgreSQL, without HTTP (issue 11). Fixed day: Thursday 26 November 2026; an audit of Tuesday
// 24 November is due for agreement five working days on, Tuesday 1 December.
const TODAY = '2026-11-26';

describe('CaseAuditService and CaseAuditRepository', () => {
  let t: TestApp;
  let db: DataSource;
  let service: CaseAuditService;
  let queries: CaseAuditQueries;
  let audits: CaseAuditRepository;
  let w: DirectoryWorld;
  let other: DirectoryWorld;
  let childA: string;
  let childB: string;

  const input = (extra: Partial<RecordCaseAuditInput> = {}): RecordCaseAuditInput => ({
    childId: childA,
    auditedOn: '2026-11-24',
    grade: 'REQUIRES_IMPROVEMENT',
    findings: 'No contingency plan.',
    actions: [{ description: 'Add a contingency plan', ownerId: w.teamA.socialWorker.staffId, dueBy: '2026-12-03' }],
    ...extra,
  });
  const inboxOf = async (staffId: string, caseAuditId: string): Promise<string[]> =>
    (
      await db.query(
        'SELECT kind FROM inbox_alert WHERE recipient_id = $1 AND case_audit_id = $2 ORDER BY created_at',
        [staffId, caseAuditId],
      )
    ).map((r: { kind: string }) => r.kind);

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: TODAY });
    db = t.dataSource;
    service = t.app.get(CaseAuditService);
    queries = t.app.get(CaseAuditQueries);
    audits = t.app.get(CaseAuditRepository);
    w = await buildDirectory(t.app, 'ca');
    other = await buildDirectory(t.app, 'ca-other');
    childA = await w.child(w.teamA);
    childB = await w.child(w.teamB);
  });
  afterAll(() => t.close());

  it("records an audit addressed to the child's team manager, who agrees it; the auditor closes it once no action is open", async () => {
    const id = await service.record(w.qa, input(), null);
    const recorded = await audits.findWithChildTeam(db, w.authorityId, id);
    expect(recorded).toEqual({
      id,
      authorityId: w.authorityId,
      childId: childA,
      teamId: w.teamA.id,
      auditorId: w.qa.staffId,
      teamManagerId: w.teamA.manager.staffId,
      status: 'AWAITING_AGREEMENT',
      auditedOn: '2026-11-24',
      grade: 'REQUIRES_IMPROVEMENT',
      findings: 'No contingency plan.',
      proposedActions: [
        { description: 'Add a contingency plan', ownerId: w.teamA.socialWorker.staffId, dueBy: '2026-12-03' },
      ],
      agreementDueBy: '2026-12-01',
      agreedOn: null,
      agreedById: null,
      closedOn: null,
      impact: null,
      version: 1,
      childTeamId: w.teamA.id,
      currentManagerId: w.teamA.manager.staffId,
    });
    expect(await inboxOf(w.teamA.manager.staffId, id)).toEqual(['CASE_AUDIT_AWAITING_AGREEMENT']);

    expect(await outcome(service.agree(w.teamB.manager, id))).toBe('FORBIDDEN');
    await service.agree(w.teamA.manager, id, 1);
    expect(await audits.findWithChildTeam(db, w.authorityId, id)).toMatchObject({
      status: 'AGREED',
      agreedOn: TODAY,
      agreedById: w.teamA.manager.staffId,
      version: 2,
    });
    expect(await t.app.get(ActionRepository).countOpenOfSubject(db.manager, w.authorityId, 'CaseAudit', id)).toBe(1);
    expect(await outcome(service.close(w.qa, id, 'Better plan'))).toBe('INVALID_TRANSITION');

    const clean = await service.record(w.qa, input({ actions: [] }), null);
    await service.agree(w.teamA.manager, clean);
    expect(await outcome(service.close(w.teamA.manager, clean, 'Not mine to close'))).toBe('FORBIDDEN');
    await service.close(w.qa, clean, 'The plan now has a contingency', 2);
    expect(await audits.findWithChildTeam(db, w.authorityId, clean)).toMatchObject({
      status: 'CLOSED',
      closedOn: TODAY,
      impact: 'The plan now has a contingency',
      version: 3,
    });
    expect(await audits.findWithChildTeam(db, other.authorityId, clean)).toBeNull();
  });

  it("refuses who may not record: another authority's child, an own-team manager, a future audit", async () => {
    expect(await outcome(service.record(other.qa, input(), null))).toBe('NOT_FOUND');
    expect(await outcome(service.record(w.teamA.manager, input(), null))).toBe('FORBIDDEN');
    expect(await outcome(service.record(w.qa, input({ auditedOn: '2026-11-27' }), null))).toBe('BAD_USER_INPUT');
  });

  it("lists newest first within the caller's teams, and counts only when asked", async () => {
    await service.record(w.qa, input({ childId: childB, auditedOn: '2026-11-25', actions: [] }), null);
    const all = await queries.list(w.qa, { today: TODAY }, 100, null);
    const days = all.edges.map((e) => e.node.auditedOn);
    expect(days).toEqual([...days].sort().reverse());
    expect(await all.count()).toBe(all.edges.length);
    const own = await queries.list(w.teamA.socialWorker, { today: TODAY }, 100, null);
    expect(own.edges.map((e) => e.node.teamId)).toEqual(own.edges.map(() => w.teamA.id));
    expect(await own.count()).toBe(own.edges.length);
    expect(own.edges.length).toBeLessThan(all.edges.length);
    const firstPage = await queries.list(w.qa, { today: TODAY }, 1, null);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const second = await queries.list(w.qa, { today: TODAY }, 1, firstPage.pageInfo.endCursor);
    expect(second.edges[0].node.id).toBe(all.edges[1].node.id);
    expect(await outcome(queries.list(w.teamA.socialWorker, { childId: childB, today: TODAY }, 10, null))).toBe(
      'FORBIDDEN',
    );
    expect(await outcome(queries.list(other.qa, { childId: childB, today: TODAY }, 10, null))).toBe('NOT_FOUND');
  });

  it('the sweep claims an overdue agreement once and tells the service manager', async () => {
    const late = await service.record(w.qa, input({ auditedOn: '2026-11-02', actions: [] }), null);
    expect(await audits.authoritiesDue(TODAY)).toContain(w.authorityId);
    const sweep = t.app.get(CaseAuditSweep);
    expect(await sweep.sweep(w.authorityId, TODAY)).toBeGreaterThanOrEqual(1);
    expect(await inboxOf(w.serviceManager.staffId, late)).toEqual(['CASE_AUDIT_AGREEMENT_OVERDUE']);
    expect(await db.transaction((m) => audits.claimOverdueAgreements(m, w.authorityId, TODAY, 10))).toEqual([]);
    expect(await sweep.sweep(w.authorityId, TODAY)).toBe(0);
  });
});
