import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../workflow/workflow.service';
import { CaseAuditGrade, CaseAuditStatus, ProposedAction } from './case-audit.entity';
import { ReadDb, ReadPool } from '../common/read-pool';

/** A case audit as recorded. */
export interface CaseAuditRecord {
  id: string;
  authorityId: string;
  childId: string;
  teamId: string;
  auditorId: string;
  teamManagerId: string | null;
  status: CaseAuditStatus;
  auditedOn: string;
  grade: CaseAuditGrade;
  findings: string;
  proposedActions: ProposedAction[];
  agreementDueBy: string;
  agreedOn: string | null;
  agreedById: string | null;
  closedOn: string | null;
  impact: string | null;
  version: number;
}

interface CaseAuditRow {
  id: string;
  authority_id: string;
  child_id: string;
  team_id: string;
  auditor_id: string;
  team_manager_id: string | null;
  status: CaseAuditStatus;
  audited_on: string;
  grade: CaseAuditGrade;
  findings: string;
  proposed_actions: ProposedAction[] | null;
  agreement_due_by: string;
  agreed_on: string | null;
  agreed_by_id: string | null;
  closed_on: string | null;
  impact: string | null;
  version: number;
}

const toRecord = (r: CaseAuditRow): CaseAuditRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  childId: r.child_id,
  teamId: r.team_id,
  auditorId: r.auditor_id,
  teamManagerId: r.team_manager_id,
  status: r.status,
  auditedOn: r.audited_on,
  grade: r.grade,
  findings: r.findings,
  proposedActions: r.proposed_actions ?? [],
  agreementDueBy: r.agreement_due_by,
  agreedOn: r.agreed_on,
  agreedById: r.agreed_by_id,
  closedOn: r.closed_on,
  impact: r.impact,
  version: r.version,
});

const COLUMNS = `ca.id, ca.authority_id, ca.child_id, ca.team_id, ca.auditor_id, ca.team_manager_id, ca.status, ca.audited_on, ca.grade, ca.findings,
  ca.proposed_actions, ca.agreement_due_by, ca.agreed_on, ca.agreed_by_id, ca.closed_on, ca.impact, ca.version`;

const FROM = 'FROM case_audit ca JOIN child c ON c.authority_id = ca.authority_id AND c.id = ca.child_id';

/** The list's filters, already checked: `teamId` is the caller's team scope (undefined: all teams). */
export interface CaseAuditListFilter {
  teamId?: string | null;
  childId?: string | null;
  status?: CaseAuditStatus | null;
  followUpOverdue?: boolean | null;
  today: string;
}

/** Every statement on case_audit. Reads join the child (and its team) for the read policy. */
/**
 * Overdue open actions of case audits whose team manager has not been told of this due date.
 * The dedupe key is a plain column of a materialized CTE: see DRIFT_CANDIDATES_SQL in
 * src/core-groups/core-group.repository.ts (row-level security keeps an expression of to_char and ||
 * out of the index condition on inbox_alert).
 */
export const OVERDUE_AUDIT_ACTIONS_SQL = `WITH overdue AS MATERIALIZED (
         SELECT x.id, x.subject_id, x.due_by, x.description, t.manager_id,
                'case-audit-action-overdue:' || x.id || ':' || to_char(x.due_by, 'YYYY-MM-DD') AS dedupe_key
         FROM action x
         JOIN child c ON c.authority_id = x.authority_id AND c.id = x.child_id JOIN team t ON t.authority_id = c.authority_id AND t.id = c.team_id
         WHERE x.authority_id = $1 AND x.subject_type = 'CaseAudit' AND x.status = 'OPEN' AND x.due_by < $2
           AND t.manager_id IS NOT NULL AND t.manager_id <> x.owner_id)
       SELECT o.id, o.subject_id, o.due_by, o.description, o.manager_id FROM overdue o
       WHERE NOT EXISTS (SELECT 1 FROM inbox_alert ia WHERE ia.authority_id = $1 AND ia.recipient_id = o.manager_id AND ia.dedupe_key = o.dedupe_key)
       ORDER BY o.due_by LIMIT $3`;

@Injectable()
export class CaseAuditRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  async insert(
    manager: EntityManager,
    a: {
      authorityId: string;
      childId: string;
      teamId: string;
      auditorId: string;
      teamManagerId: string | null;
      auditedOn: string;
      grade: CaseAuditGrade;
      findings: string;
      proposedActions: ProposedAction[];
      agreementDueBy: string;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO case_audit (authority_id, child_id, team_id, auditor_id, team_manager_id, audited_on, grade, findings, proposed_actions, agreement_due_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        a.authorityId,
        a.childId,
        a.teamId,
        a.auditorId,
        a.teamManagerId,
        a.auditedOn,
        a.grade,
        a.findings,
        JSON.stringify(a.proposedActions),
        a.agreementDueBy,
      ],
    );
    return rows[0].id;
  }

  /** The audit with its child's team and that team's current manager. */
  async findWithChildTeam(
    db: ReadDb,
    authorityId: string,
    id: string,
  ): Promise<(CaseAuditRecord & { childTeamId: string; currentManagerId: string | null }) | null> {
    const rows: (CaseAuditRow & { child_team_id: string; current_manager_id: string | null })[] = await db.query(
      `SELECT ${COLUMNS}, c.team_id AS child_team_id, t.manager_id AS current_manager_id
       ${FROM} LEFT JOIN team t ON t.authority_id = c.authority_id AND t.id = c.team_id
       WHERE ca.id = $1 AND ca.authority_id = $2`,
      [id, authorityId],
    );
    return rows[0]
      ? { ...toRecord(rows[0]), childTeamId: rows[0].child_team_id, currentManagerId: rows[0].current_manager_id }
      : null;
  }

  async findMany(authorityId: string, ids: readonly string[]): Promise<CaseAuditRecord[]> {
    const rows: CaseAuditRow[] = await this.reads.query(
      `SELECT ${COLUMNS} FROM case_audit ca WHERE ca.authority_id = $1 AND ca.id = ANY($2)`,
      [authorityId, ids],
    );
    return rows.map(toRecord);
  }

  /** A page newest audited first (LIMIT `limit`), after the keyset position `after`. */
  async page(
    authorityId: string,
    filter: CaseAuditListFilter,
    after: [string, string] | null,
    limit: number,
  ): Promise<CaseAuditRecord[]> {
    const { where, params } = listWhere(authorityId, filter);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(ca.audited_on, ca.id) < ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    params.push(limit);
    const rows: CaseAuditRow[] = await this.reads.query(
      `SELECT ${COLUMNS} ${FROM} WHERE ${where.join(' AND ')} ORDER BY ca.audited_on DESC, ca.id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }

  async count(authorityId: string, filter: CaseAuditListFilter): Promise<number> {
    const { where, params } = listWhere(authorityId, filter);
    const rows: { n: number }[] = await this.reads.query(
      `SELECT count(*)::int AS n ${FROM} WHERE ${where.join(' AND ')}`,
      params,
    );
    return rows[0].n;
  }

  // --- the sweep -----------------------------------------------------------------------------

  /** Authorities with an agreement past its date not yet told, or an agreed audit (whose actions may be overdue). */
  async authoritiesDue(today: string): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.reads.query(
      `SELECT authority_id FROM case_audit WHERE agreement_due_by < $1 AND status = 'AWAITING_AGREEMENT' AND NOT agreement_overdue_alerted
       UNION SELECT authority_id FROM case_audit WHERE status = 'AGREED'`,
      [today],
    );
    return rows.map((r) => r.authority_id);
  }

  /** Audits past their agreement date not yet told to the service manager, claimed by compare-and-set. */
  async claimOverdueAgreements(
    manager: EntityManager,
    authorityId: string,
    today: string,
    limit: number,
  ): Promise<{ id: string; agreementDueBy: string; status: CaseAuditStatus; serviceManagerId: string | null }[]> {
    const rows = returnedRows<{
      id: string;
      agreement_due_by: string;
      status: CaseAuditStatus;
      service_manager_id: string | null;
    }>(
      await manager.query(
        `UPDATE case_audit ca SET agreement_overdue_alerted = true, updated_at = now()
         FROM child c LEFT JOIN team t ON t.authority_id = c.authority_id AND t.id = c.team_id
         WHERE ca.id = ANY(ARRAY(SELECT id FROM case_audit WHERE agreement_due_by < $2 AND authority_id = $1 AND status = 'AWAITING_AGREEMENT' AND NOT agreement_overdue_alerted
                                 ORDER BY agreement_due_by LIMIT $3 FOR UPDATE SKIP LOCKED))
           AND c.authority_id = ca.authority_id AND c.id = ca.child_id AND ca.status = 'AWAITING_AGREEMENT' AND NOT ca.agreement_overdue_alerted
         RETURNING ca.id, ca.agreement_due_by, ca.status, t.service_manager_id`,
        [authorityId, today, limit],
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      agreementDueBy: r.agreement_due_by,
      status: r.status,
      serviceManagerId: r.service_manager_id,
    }));
  }

  /** Overdue open actions of case audits whose team manager has not been told of this due date (a read of action and inbox_alert). */
  async overdueAuditActions(
    manager: EntityManager,
    authorityId: string,
    today: string,
    limit: number,
  ): Promise<{ id: string; caseAuditId: string; dueBy: string; description: string; managerId: string }[]> {
    const rows: { id: string; subject_id: string; due_by: string; description: string; manager_id: string }[] =
      await manager.query(OVERDUE_AUDIT_ACTIONS_SQL, [authorityId, today, limit]);
    return rows.map((r) => ({
      id: r.id,
      caseAuditId: r.subject_id,
      dueBy: r.due_by,
      description: r.description,
      managerId: r.manager_id,
    }));
  }
}

function listWhere(authorityId: string, filter: CaseAuditListFilter): { where: string[]; params: unknown[] } {
  const params: unknown[] = [authorityId];
  const where = ['ca.authority_id = $1'];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.teamId !== undefined) add((p) => `c.team_id = ${p}::uuid`, filter.teamId);
  if (filter.childId) add((p) => `ca.child_id = ${p}::uuid`, filter.childId);
  if (filter.status) add((p) => `ca.status = ${p}`, filter.status);
  if (filter.followUpOverdue != null) {
    const not = filter.followUpOverdue ? '' : 'NOT ';
    add(
      (
        p,
      ) => `${not}EXISTS (SELECT 1 FROM action a WHERE a.authority_id = ca.authority_id AND a.subject_type = 'CaseAudit'
        AND a.subject_id = ca.id AND a.status = 'OPEN' AND a.due_by < ${p}::date)`,
      filter.today,
    );
  }
  return { where, params };
}
