import { Role } from '../../src/auth/role';
import { CaseAuditRepository } from '../../src/case-audits/case-audit.repository';
import { AuthoritySettingsService } from '../../src/directory/authority-settings.service';
import { errorCode, gql, ok, Person, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// Runs on Thursday 2026-11-26 (fixed). Audits dated Tuesday 2026-11-24 are due for agreement 5 working days on, Tuesday 2026-12-01.
const TODAY = '2026-11-26';

const FIELDS = `id status auditedOn grade findings agreementDueBy agreedOn closedOn impact version
  child { id } auditor { id } teamManager { id } proposedActions { description dueBy owner { id } }
  actions { id status source dueBy agreedOn version } history { action fromStatus toStatus actor { id } }`;
const RECORD = `mutation($i: RecordCaseAuditInput!) { recordCaseAudit(input: $i) { ${FIELDS} } }`;
const AGREE = `mutation($id: ID!, $v: Int) { agreeCaseAudit(caseAuditId: $id, expectedVersion: $v) { ${FIELDS} } }`;
const CLOSE = `mutation($id: ID!, $impact: String!, $v: Int) { closeCaseAudit(caseAuditId: $id, impact: $impact, expectedVersion: $v) { ${FIELDS} } }`;
const ONE = `query($id: ID!) { caseAudit(id: $id) { ${FIELDS} } }`;
const LIST =
  'query($c: ID, $s: CaseAuditStatus, $f: Int, $a: String) { caseAudits(childId: $c, status: $s, first: $f, after: $a) { totalCount edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }';
const INBOX = '{ myInbox { reason dueBy action { id } caseAudit { id status } } }';
const COMPLETE = 'mutation($i: CompleteActionInput!) { completeAction(input: $i) { id status } }';
const CANCEL = 'mutation($id: ID!, $r: String!) { cancelAction(actionId: $id, reason: $r) { id status } }';
const SWEEP = 'mutation { runDeadlineSweep { overdueActions caseAuditAlerts } }';

describe('case audits (issue 15)', () => {
  let t: TestApp;
  let w: World;
  let other: World;
  let qa: Person & { id: string };
  let childA: string;
  let childB: string;
  let authorityId: string;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: TODAY });
    w = await buildWorld(t, 'qa');
    other = await buildWorld(t, 'qa-other');
    const p = { sub: `qa-${w.authority}`, name: 'QA officer', roles: [Role.QA_OFFICER], authority: w.authority };
    qa = { ...p, id: (await ok(t, p, '{ me { id } }')).me.id };
    childA = await w.child(w.teamA);
    childB = await w.child(w.teamB);
    [{ id: authorityId }] = await t.dataSource.query('SELECT id FROM authority WHERE code = $1', [w.authority]);
  });
  afterAll(() => t.close());

  const input = (extra: Record<string, unknown> = {}) => ({
    childId: childA,
    auditedOn: '2026-11-24',
    grade: 'REQUIRES_IMPROVEMENT',
    findings: 'The plan has no contingency; the child was not seen alone at the last two visits.',
    actions: [
      {
        description: 'See the child alone and record their views',
        ownerId: w.teamA.socialWorker.id,
        dueBy: '2026-12-10',
      },
      { description: 'Add a contingency plan', ownerId: w.teamA.manager.id, dueBy: '2026-12-03' },
    ],
    ...extra,
  });
  const record = async (who: Person = qa, extra: Record<string, unknown> = {}) =>
    (await ok(t, who, RECORD, { i: input(extra) })).recordCaseAudit;
  const setRoles = async (roles: string[]) => {
    await t.dataSource.query('UPDATE authority SET case_audit_roles = $2 WHERE id = $1', [authorityId, roles]);
    t.app.get(AuthoritySettingsService).invalidate(authorityId);
  };

  it('walks the whole life: recorded, agreed by the team manager (actions go live), closed by the auditor with its impact', async () => {
    const audit = await record();
    expect(audit).toMatchObject({
      status: 'AWAITING_AGREEMENT',
      auditedOn: '2026-11-24',
      grade: 'REQUIRES_IMPROVEMENT',
      agreementDueBy: '2026-12-01',
      agreedOn: null,
      closedOn: null,
      impact: null,
      version: 1,
      child: { id: childA },
      auditor: { id: qa.id },
      teamManager: { id: w.teamA.manager.id },
      actions: [],
    });
    expect(audit.proposedActions.map((a: { owner: { id: string } }) => a.owner.id)).toEqual([
      w.teamA.socialWorker.id,
      w.teamA.manager.id,
    ]);
    // Addressed to the team manager; nothing in the owners' inboxes yet.
    const tmInbox = (await ok(t, w.teamA.manager, INBOX)).myInbox;
    expect(tmInbox).toContainEqual(
      expect.objectContaining({
        dueBy: '2026-12-01',
        action: null,
        caseAudit: { id: audit.id, status: 'AWAITING_AGREEMENT' },
      }),
    );
    expect(
      (await ok(t, w.teamA.socialWorker, INBOX)).myInbox.filter(
        (i: { caseAudit: { id: string } | null }) => i.caseAudit?.id === audit.id,
      ),
    ).toEqual([]);

    expect(await errorCode(t, w.teamA.manager, AGREE, { id: audit.id, v: 2 })).toBe('CONFLICT');
    const agreed = (await ok(t, w.teamA.manager, AGREE, { id: audit.id, v: 1 })).agreeCaseAudit;
    expect(agreed).toMatchObject({ status: 'AGREED', agreedOn: TODAY, version: 2 });
    expect(agreed.actions).toEqual([
      expect.objectContaining({ status: 'OPEN', source: 'AUDIT', dueBy: '2026-12-03', agreedOn: '2026-11-24' }),
      expect.objectContaining({ status: 'OPEN', source: 'AUDIT', dueBy: '2026-12-10', agreedOn: '2026-11-24' }),
    ]);
    const [tmAction, swAction] = agreed.actions;
    // The actions are in their owners' inboxes, linked to the audit; the agreement item is gone.
    expect((await ok(t, w.teamA.socialWorker, INBOX)).myInbox).toContainEqual(
      expect.objectContaining({
        dueBy: '2026-12-10',
        action: { id: swAction.id },
        caseAudit: { id: audit.id, status: 'AGREED' },
      }),
    );
    const after = (await ok(t, w.teamA.manager, INBOX)).myInbox.filter(
      (i: { caseAudit: { id: string } | null }) => i.caseAudit?.id === audit.id,
    );
    expect(after).toEqual([expect.objectContaining({ action: { id: tmAction.id } })]);
    expect(await errorCode(t, w.teamA.manager, AGREE, { id: audit.id })).toBe('INVALID_TRANSITION');

    // Not closed while an action is open.
    const open = await gql(t, qa, CLOSE, { id: audit.id, impact: 'Seen alone.' });
    expect(open.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'AGREED',
      operation: 'close',
      openActions: 2,
    });
    await ok(t, w.teamA.socialWorker, COMPLETE, {
      i: { actionId: swAction.id, outcome: 'Seen alone on 25th', completedOn: TODAY },
    });
    expect((await gql(t, qa, CLOSE, { id: audit.id, impact: 'Seen alone.' })).errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      openActions: 1,
    });
    await ok(t, w.teamA.manager, CANCEL, { id: tmAction.id, r: 'Contingency covered at the review conference' });

    expect(await errorCode(t, qa, CLOSE, { id: audit.id, impact: '   ' })).toBe('BAD_USER_INPUT');
    const closed = (
      await ok(t, qa, CLOSE, {
        id: audit.id,
        impact: 'The child was seen alone and their wishes are in the plan.',
        v: 2,
      })
    ).closeCaseAudit;
    expect(closed).toMatchObject({
      status: 'CLOSED',
      closedOn: TODAY,
      impact: 'The child was seen alone and their wishes are in the plan.',
      version: 3,
    });
    expect(closed.history).toEqual([
      { action: 'CASE_AUDIT_CREATED', fromStatus: null, toStatus: 'AWAITING_AGREEMENT', actor: { id: qa.id } },
      {
        action: 'CASE_AUDIT_AGREED',
        fromStatus: 'AWAITING_AGREEMENT',
        toStatus: 'AGREED',
        actor: { id: w.teamA.manager.id },
      },
      { action: 'CASE_AUDIT_CLOSED', fromStatus: 'AGREED', toStatus: 'CLOSED', actor: { id: qa.id } },
    ]);
    expect(await errorCode(t, qa, CLOSE, { id: audit.id, impact: 'Again' })).toBe('INVALID_TRANSITION');
    expect((await ok(t, w.auditor, ONE, { id: audit.id })).caseAudit.status).toBe('CLOSED');
  });

  it('refuses who may not record: the read-only AUDITOR, a director, a role the authority does not allow, own-team social workers and managers', async () => {
    expect(await errorCode(t, w.auditor, RECORD, { i: input() })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.director, RECORD, { i: input() })).toBe('FORBIDDEN');
    // CHAIR, SERVICE_MANAGER and HEAD_OF_SERVICE by default.
    expect((await record(w.chair)).status).toBe('AWAITING_AGREEMENT');
    expect((await record(w.headOfService)).status).toBe('AWAITING_AGREEMENT');
    expect(await errorCode(t, w.teamB.manager, RECORD, { i: input() })).toBe('FORBIDDEN');
    await setRoles(['CHAIR', 'HEAD_OF_SERVICE', 'TEAM_MANAGER', 'SOCIAL_WORKER']);
    try {
      expect(await errorCode(t, w.serviceManager, RECORD, { i: input() })).toBe('FORBIDDEN');
      expect(await errorCode(t, w.teamA.manager, RECORD, { i: input() })).toBe('FORBIDDEN');
      expect(await errorCode(t, w.teamA.socialWorker, RECORD, { i: input() })).toBe('FORBIDDEN');
      // Another team's child is theirs to audit when the authority allows the role.
      expect((await record(w.teamB.manager)).auditor.id).toBe(w.teamB.manager.id);
    } finally {
      await setRoles(['CHAIR', 'SERVICE_MANAGER', 'HEAD_OF_SERVICE']);
    }
  });

  it('refuses bad input: empty findings, a future audit, an action due before the audit, an unknown owner or child', async () => {
    const bad = async (extra: Record<string, unknown>) => gql(t, qa, RECORD, { i: input(extra) });
    expect((await bad({ findings: '   ' })).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'findings' })],
    });
    expect((await bad({ auditedOn: '2026-11-27' })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const early = await bad({ actions: [{ description: 'x', ownerId: w.teamA.socialWorker.id, dueBy: '2026-11-23' }] });
    expect(early.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'actions.0.dueBy', message: expect.any(String) }],
    });
    expect(
      (await bad({ actions: [{ description: 'x', ownerId: other.teamA.socialWorker.id, dueBy: '2026-12-01' }] }))
        .errors?.[0].extensions.code,
    ).toBe('NOT_FOUND');
    expect((await bad({ childId: await other.child(other.teamA) })).errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(
      (await ok(t, qa, LIST, { c: childA, s: 'AWAITING_AGREEMENT' })).caseAudits.edges.every(
        (e: { node: { status: string } }) => e.node.status === 'AWAITING_AGREEMENT',
      ),
    ).toBe(true);
  });

  it("refuses who may not agree or close: another team's manager, a social worker, someone other than the auditor", async () => {
    const audit = await record();
    expect(await errorCode(t, w.teamB.manager, AGREE, { id: audit.id })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.teamA.socialWorker, AGREE, { id: audit.id })).toBe('FORBIDDEN');
    expect(await errorCode(t, qa, AGREE, { id: audit.id })).toBe('FORBIDDEN');
    expect(await errorCode(t, qa, CLOSE, { id: audit.id, impact: 'Too soon' })).toBe('INVALID_TRANSITION');
    await ok(t, w.teamA.manager, AGREE, { id: audit.id });
    expect(await errorCode(t, w.chair2, CLOSE, { id: audit.id, impact: 'Not mine' })).toBe('FORBIDDEN');
    expect(await errorCode(t, other.teamA.manager, AGREE, { id: audit.id })).toBe('NOT_FOUND');
  });

  it("scopes reads like escalations: another team's is FORBIDDEN, another authority's NOT_FOUND; lists page by keyset", async () => {
    const audit = await record(qa, { childId: childB, actions: [] });
    expect((await ok(t, w.teamB.socialWorker, ONE, { id: audit.id })).caseAudit.id).toBe(audit.id);
    expect(await errorCode(t, w.teamA.socialWorker, ONE, { id: audit.id })).toBe('FORBIDDEN');
    expect(await errorCode(t, other.auditor, ONE, { id: audit.id })).toBe('NOT_FOUND');
    expect(await errorCode(t, w.teamA.socialWorker, LIST, { c: childB })).toBe('FORBIDDEN');
    expect(await errorCode(t, other.auditor, LIST, { c: childB })).toBe('NOT_FOUND');
    const own = (await ok(t, w.teamA.socialWorker, LIST, {})).caseAudits;
    expect(own.edges.length).toBeGreaterThan(0);
    expect(own.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(audit.id);
    const all = (await ok(t, w.auditor, LIST, { f: 100 })).caseAudits;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await ok(t, w.auditor, LIST, { f: 2, a: after })).caseAudits;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.edges.map((e: { node: { id: string } }) => e.node.id));
    expect(seen).toHaveLength(all.totalCount);
  });

  it('the sweep tells the service manager of an overdue agreement, and the owner and team manager of an overdue audit action, once each', async () => {
    const waiting = await record(qa, { actions: [] });
    await t.dataSource.query("UPDATE case_audit SET agreement_due_by = '2026-11-20' WHERE id = $1", [waiting.id]);
    const late = await record(qa, {
      auditedOn: '2026-11-02',
      actions: [{ description: 'Chronology up to date', ownerId: w.teamA.socialWorker.id, dueBy: '2026-11-10' }],
    });
    const actionId = (await ok(t, w.teamA.manager, AGREE, { id: late.id })).agreeCaseAudit.actions[0].id;

    const first = (await ok(t, w.admin, SWEEP)).runDeadlineSweep;
    expect(first.caseAuditAlerts).toBe(2);
    expect(first.overdueActions).toBe(1);
    expect((await ok(t, w.admin, SWEEP)).runDeadlineSweep).toEqual({ overdueActions: 0, caseAuditAlerts: 0 });

    const alerts: { recipient_id: string; kind: string; n: number }[] = await t.dataSource.query(
      `SELECT recipient_id, kind, count(*)::int AS n FROM inbox_alert WHERE authority_id = $1 AND (case_audit_id = $2 OR action_id = $3) AND kind NOT IN ('CASE_AUDIT_AWAITING_AGREEMENT', 'CASE_AUDIT_ACTION_AGREED')
       GROUP BY 1, 2 ORDER BY 2`,
      [authorityId, waiting.id, actionId],
    );
    expect(alerts).toEqual(
      [
        { recipient_id: w.serviceManager.id, kind: 'CASE_AUDIT_AGREEMENT_OVERDUE', n: 1 },
        { recipient_id: w.teamA.manager.id, kind: 'CASE_AUDIT_ACTION_OVERDUE', n: 1 },
        { recipient_id: w.teamA.socialWorker.id, kind: 'ACTION_OVERDUE', n: 1 },
      ].sort((a, b) => a.kind.localeCompare(b.kind)),
    );
    expect((await ok(t, w.serviceManager, INBOX)).myInbox).toContainEqual(
      expect.objectContaining({ dueBy: '2026-11-20', caseAudit: { id: waiting.id, status: 'AWAITING_AGREEMENT' } }),
    );
    expect((await ok(t, w.teamA.manager, INBOX)).myInbox).toContainEqual(
      expect.objectContaining({ action: { id: actionId }, caseAudit: { id: late.id, status: 'AGREED' } }),
    );
    const history = (await ok(t, qa, ONE, { id: waiting.id })).caseAudit.history;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'CASE_AUDIT_CREATED',
      'CASE_AUDIT_AGREEMENT_OVERDUE',
    ]);
    // Agreeing late takes the overdue item out of the service manager's inbox.
    await ok(t, w.teamA.manager, AGREE, { id: waiting.id });
    expect(
      (await ok(t, w.serviceManager, INBOX)).myInbox.filter(
        (i: { caseAudit: { id: string } | null }) => i.caseAudit?.id === waiting.id,
      ),
    ).toEqual([]);
  });
  it('measures case audits on a known data set: by grade, audit actions completed on time, follow-up overdue; by team and by chair', async () => {
    // A fresh authority so that only these four audits count. Period: November 2026; today the 26th.
    const m = await buildWorld(t, 'qa-measures');
    const p = { sub: `qa-${m.authority}`, name: 'QA officer', roles: [Role.QA_OFFICER], authority: m.authority };
    const mqa = { ...p, id: (await ok(t, p, '{ me { id } }')).me.id };
    const [a1, b1] = [await m.child(m.teamA), await m.child(m.teamB)];
    const audit = async (
      who: Person,
      childId: string,
      auditedOn: string,
      grade: string,
      actions: { ownerId: string; dueBy: string }[],
    ) =>
      (
        await ok(t, who, RECORD, {
          i: {
            childId,
            auditedOn,
            grade,
            findings: 'Findings a practitioner can act on',
            actions: actions.map((a, i) => ({ ...a, description: `Action ${i + 1}` })),
          },
        })
      ).recordCaseAudit.id;
    const agree = async (team: World['teamA'], id: string) =>
      (await ok(t, team.manager, AGREE, { id })).agreeCaseAudit.actions as { id: string; dueBy: string }[];
    const complete = (team: World['teamA'], actionId: string, completedOn: string) =>
      ok(t, team.socialWorker, COMPLETE, { i: { actionId, outcome: 'Done', completedOn } });
    const swA = m.teamA.socialWorker.id;
    // 1: GOOD, team A, three actions: one completed on time (9th, due 10th), one late (20th, due 12th), and one
    // still open but in time (due the 30th): left out of the on-time measure until its due date passes.
    const [x1, x2] = await agree(
      m.teamA,
      await audit(mqa, a1, '2026-11-02', 'GOOD', [
        { ownerId: swA, dueBy: '2026-11-10' },
        { ownerId: swA, dueBy: '2026-11-12' },
        { ownerId: swA, dueBy: '2026-11-30' },
      ]),
    );
    await complete(m.teamA, x1.id, '2026-11-09');
    await complete(m.teamA, x2.id, '2026-11-20');
    // 2: INADEQUATE, team B, by a chair; its action (due 16th) still open: follow-up overdue, and not on time.
    const overdue = await audit(m.chair, b1, '2026-11-05', 'INADEQUATE', [
      { ownerId: m.teamB.socialWorker.id, dueBy: '2026-11-16' },
    ]);
    await agree(m.teamB, overdue);
    // 3: REQUIRES_IMPROVEMENT, team A, awaiting agreement.
    await audit(mqa, a1, '2026-11-20', 'REQUIRES_IMPROVEMENT', []);
    // 4: OUTSTANDING in October: not counted, by grade or by its action (due 20 October, completed late on 3 November),
    // which belongs to October's audits (DOMAIN.md: "of the actions of those audits").
    const [y1] = await agree(
      m.teamA,
      await audit(mqa, a1, '2026-10-15', 'OUTSTANDING', [{ ownerId: swA, dueBy: '2026-10-20' }]),
    );
    await complete(m.teamA, y1.id, '2026-11-03');

    const MEASURES =
      'caseAuditsByGrade caseAuditActionsCompletedOnTime { numerator denominator percentage } caseAuditsWithOverdueFollowUp';
    const period = { from: '2026-11-01', to: '2026-11-30' };
    const whole = (
      await ok(
        t,
        m.auditor,
        `query($from: Date!, $to: Date!) { performance(from: $from, to: $to) { ${MEASURES} } }`,
        period,
      )
    ).performance;
    // On time: x1 of audit 1's x1, x2 (its third still in time) and audit 2's overdue action: 1 of 3.
    expect(whole).toEqual({
      caseAuditsByGrade: [0, 1, 1, 1],
      caseAuditActionsCompletedOnTime: { numerator: 1, denominator: 3, percentage: 33.3 },
      caseAuditsWithOverdueFollowUp: 1,
    });
    const byTeam = (
      await ok(
        t,
        mqa,
        `query($from: Date!, $to: Date!) { performanceByTeam(from: $from, to: $to) { team { id } performance { ${MEASURES} } } }`,
        period,
      )
    ).performanceByTeam;
    expect(byTeam).toEqual([
      {
        team: { id: m.teamA.id },
        performance: {
          caseAuditsByGrade: [0, 1, 1, 0],
          caseAuditActionsCompletedOnTime: { numerator: 1, denominator: 2, percentage: 50 },
          caseAuditsWithOverdueFollowUp: 0,
        },
      },
      {
        team: { id: m.teamB.id },
        performance: {
          caseAuditsByGrade: [0, 0, 0, 1],
          caseAuditActionsCompletedOnTime: { numerator: 0, denominator: 1, percentage: 0 },
          caseAuditsWithOverdueFollowUp: 1,
        },
      },
    ]);
    const byChair = (
      await ok(
        t,
        m.auditor,
        `query($from: Date!, $to: Date!) { performanceByChair(from: $from, to: $to) { chair { id } ${MEASURES} } }`,
        period,
      )
    ).performanceByChair;
    expect(byChair).toContainEqual({
      chair: { id: m.chair.id },
      caseAuditsByGrade: [0, 0, 0, 1],
      caseAuditActionsCompletedOnTime: { numerator: 0, denominator: 1, percentage: 0 },
      caseAuditsWithOverdueFollowUp: 1,
    });
    expect(byChair).toContainEqual({
      chair: { id: m.chair2.id },
      caseAuditsByGrade: [0, 0, 0, 0],
      caseAuditActionsCompletedOnTime: { numerator: 0, denominator: 0, percentage: null },
      caseAuditsWithOverdueFollowUp: 0,
    });
    expect(byChair).toHaveLength(2);
    // The auditor's follow-up list: the one audit whose agreed action is overdue.
    const follow = (
      await ok(t, m.auditor, 'query { caseAudits(followUpOverdue: true) { totalCount edges { node { id } } } }')
    ).caseAudits;
    expect(follow).toEqual({ totalCount: 1, edges: [{ node: { id: overdue } }] });
    expect(
      (await ok(t, m.auditor, 'query { caseAudits(followUpOverdue: false) { totalCount } }')).caseAudits.totalCount,
    ).toBe(3);
  });

  it('counts only when totalCount is asked for (issue 17): a page without it is the same page, and the count is right', async () => {
    await record(qa, { childId: childB, actions: [] });
    const count = jest.spyOn(t.app.get(CaseAuditRepository), 'count');
    try {
      const PAGE =
        'query($f: Int) { caseAudits(first: $f) { edges { node { id } } pageInfo { hasNextPage endCursor } } }';
      const without = (await ok(t, w.auditor, PAGE, { f: 2 })).caseAudits;
      expect(count).not.toHaveBeenCalled();
      const withCount = (await ok(t, w.auditor, LIST, { f: 2 })).caseAudits;
      expect(count).toHaveBeenCalledTimes(1);
      expect(without.edges).toEqual(
        withCount.edges.map((e: { node: { id: string } }) => ({ node: { id: e.node.id } })),
      );
      expect(without.pageInfo).toEqual(withCount.pageInfo);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM case_audit WHERE authority_id = $1', [
        authorityId,
      ]);
      expect(n).toBeGreaterThan(2);
      expect(withCount.totalCount).toBe(n);
      // Team staff count only their own team's.
      const [{ own }] = await t.dataSource.query(
        'SELECT count(*)::int AS own FROM case_audit ca JOIN child c ON c.id = ca.child_id WHERE ca.authority_id = $1 AND c.team_id = $2',
        [authorityId, w.teamA.id],
      );
      expect((await ok(t, w.teamA.socialWorker, LIST, {})).caseAudits.totalCount).toBe(own);
    } finally {
      count.mockRestore();
    }
  });
});
