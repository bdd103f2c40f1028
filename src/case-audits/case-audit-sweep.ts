import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InboxService } from '../inbox/inbox.service';
import { returnedRows } from '../workflow/workflow.service';
import { agreementOverdueKey } from './case-audit.service';

const BATCH = 200;

/** Audits past their agreement date not yet told to the service manager, claimed by compare-and-set. */
export const DUE_AGREEMENTS_SQL = `UPDATE case_audit ca SET agreement_overdue_alerted = true, updated_at = now()
  FROM child c LEFT JOIN team t ON t.id = c.team_id
  WHERE ca.id = ANY(ARRAY(SELECT id FROM case_audit WHERE agreement_due_by < $2 AND authority_id = $1 AND status = 'AWAITING_AGREEMENT' AND NOT agreement_overdue_alerted
                          ORDER BY agreement_due_by LIMIT $3 FOR UPDATE SKIP LOCKED))
    AND c.id = ca.child_id AND ca.status = 'AWAITING_AGREEMENT' AND NOT ca.agreement_overdue_alerted
  RETURNING ca.id, ca.agreement_due_by, ca.status, t.service_manager_id`;

/** Overdue open actions of agreed case audits whose team manager has not been told of this due date. */
export const OVERDUE_AUDIT_ACTIONS_SQL = `SELECT x.id, x.subject_id, x.due_by, x.description, t.manager_id FROM action x
  JOIN child c ON c.id = x.child_id JOIN team t ON t.id = c.team_id
  WHERE x.authority_id = $1 AND x.subject_type = 'CaseAudit' AND x.status = 'OPEN' AND x.due_by < $2
    AND t.manager_id IS NOT NULL AND t.manager_id <> x.owner_id
    AND NOT EXISTS (SELECT 1 FROM inbox_alert ia WHERE ia.authority_id = $1 AND ia.recipient_id = t.manager_id
      AND ia.dedupe_key = 'case-audit-action-overdue:' || x.id || ':' || to_char(x.due_by, 'YYYY-MM-DD'))
  ORDER BY x.due_by LIMIT $3`;

/** Authorities with case audit work for the sweep, for its list of authorities to visit. */
export const AUTHORITIES_WITH_CASE_AUDITS_DUE_SQL = `SELECT authority_id FROM case_audit WHERE agreement_due_by < $1 AND status = 'AWAITING_AGREEMENT' AND NOT agreement_overdue_alerted
  UNION SELECT authority_id FROM case_audit WHERE status = 'AGREED'`;

/**
 * The deadline sweep's case audit step (DOMAIN.md): an audit still awaiting agreement after its
 * due date tells the team's service manager; an overdue audit action tells the team manager (its
 * owner is told by the sweep's overdue-action step). Each once, by compare-and-set or dedupe key.
 */
@Injectable()
export class CaseAuditSweep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: InboxService,
    private readonly audit: AuditService,
  ) {}

  /** The authorities with an agreement or an audit action past its due date (the scheduled run). */
  async authoritiesDue(today: string): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.dataSource.query(AUTHORITIES_WITH_CASE_AUDITS_DUE_SQL, [today]);
    return rows.map((r) => r.authority_id);
  }

  /** Returns the number of inbox alerts raised. */
  async sweep(authorityId: string, today: string): Promise<number> {
    let alerts = 0;
    for (;;) {
      const [claimed, sent] = await this.dataSource.transaction((manager) => this.agreementsOverdue(manager, authorityId, today));
      alerts += sent;
      if (claimed < BATCH) break;
    }
    for (;;) {
      const [found, sent] = await this.dataSource.transaction((manager) => this.actionsOverdue(manager, authorityId, today));
      alerts += sent;
      if (found < BATCH || sent === 0) break;
    }
    return alerts;
  }

  private async agreementsOverdue(manager: EntityManager, authorityId: string, today: string): Promise<[number, number]> {
    const rows = returnedRows<{ id: string; agreement_due_by: string; status: string; service_manager_id: string | null }>(
      await manager.query(DUE_AGREEMENTS_SQL, [authorityId, today, BATCH]),
    );
    let sent = 0;
    for (const ca of rows) {
      const reason = `the team manager's agreement was due by ${ca.agreement_due_by} and has not been given`;
      await this.audit.append(manager, {
        authorityId, actorId: null, entityType: 'CaseAudit', entityId: ca.id, action: 'CASE_AUDIT_AGREEMENT_OVERDUE', fromStatus: ca.status, toStatus: ca.status, reason,
        details: { agreementDueBy: ca.agreement_due_by, toldServiceManager: ca.service_manager_id != null },
      });
      if (!ca.service_manager_id) continue;
      const added = await this.inbox.alert(manager, {
        authorityId, recipientId: ca.service_manager_id, kind: 'CASE_AUDIT_AGREEMENT_OVERDUE', caseAuditId: ca.id, dueBy: ca.agreement_due_by,
        reason: `A case audit in your service: ${reason}`, dedupeKey: agreementOverdueKey(ca.id),
      });
      if (added) sent++;
    }
    return [rows.length, sent];
  }

  private async actionsOverdue(manager: EntityManager, authorityId: string, today: string): Promise<[number, number]> {
    const rows: { id: string; subject_id: string; due_by: string; description: string; manager_id: string }[] = await manager.query(OVERDUE_AUDIT_ACTIONS_SQL, [authorityId, today, BATCH]);
    let sent = 0;
    for (const a of rows) {
      const added = await this.inbox.alert(manager, {
        authorityId, recipientId: a.manager_id, kind: 'CASE_AUDIT_ACTION_OVERDUE', actionId: a.id, caseAuditId: a.subject_id, dueBy: a.due_by,
        reason: `An action agreed from a case audit of your team is overdue: ${a.description.slice(0, 120)}`, dedupeKey: `case-audit-action-overdue:${a.id}:${a.due_by}`,
      });
      if (added) sent++;
    }
    return [rows.length, sent];
  }
}
