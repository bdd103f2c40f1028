import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InboxAlerts } from '../common/inbox-alerts';
import { CaseAuditRepository } from './case-audit.repository';
import { agreementOverdueKey } from './case-audit.service';

const BATCH = 200;

/**
 * The deadline sweep's case audit step (DOMAIN.md): an audit still awaiting agreement after its
 * due date tells the team's service manager; an overdue audit action tells the team manager (its
 * owner is told by the sweep's overdue-action step). Each once, by compare-and-set or dedupe key.
 */
@Injectable()
export class CaseAuditSweep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: InboxAlerts,
    private readonly audit: AuditService,
    private readonly audits: CaseAuditRepository,
  ) {}

  /** The authorities with an agreement or an audit action past its due date (the scheduled run). */
  async authoritiesDue(today: string): Promise<string[]> {
    return this.audits.authoritiesDue(today);
  }

  /** Returns the number of inbox alerts raised. */
  async sweep(authorityId: string, today: string): Promise<number> {
    let alerts = 0;
    for (;;) {
      const [claimed, sent] = await this.dataSource.transaction((manager) =>
        this.agreementsOverdue(manager, authorityId, today),
      );
      alerts += sent;
      if (claimed < BATCH) break;
    }
    for (;;) {
      const [found, sent] = await this.dataSource.transaction((manager) =>
        this.actionsOverdue(manager, authorityId, today),
      );
      alerts += sent;
      if (found < BATCH || sent === 0) break;
    }
    return alerts;
  }

  private async agreementsOverdue(
    manager: EntityManager,
    authorityId: string,
    today: string,
  ): Promise<[number, number]> {
    const rows = await this.audits.claimOverdueAgreements(manager, authorityId, today, BATCH);
    let sent = 0;
    for (const ca of rows) {
      const reason = `the team manager's agreement was due by ${ca.agreementDueBy} and has not been given`;
      await this.audit.append(manager, {
        authorityId,
        actorId: null,
        entityType: 'CaseAudit',
        entityId: ca.id,
        action: 'CASE_AUDIT_AGREEMENT_OVERDUE',
        fromStatus: ca.status,
        toStatus: ca.status,
        reason,
        details: { agreementDueBy: ca.agreementDueBy, toldServiceManager: ca.serviceManagerId != null },
      });
      if (!ca.serviceManagerId) continue;
      const added = await this.inbox.alert(manager, {
        authorityId,
        recipientId: ca.serviceManagerId,
        kind: 'CASE_AUDIT_AGREEMENT_OVERDUE',
        caseAuditId: ca.id,
        dueBy: ca.agreementDueBy,
        reason: `A case audit in your service: ${reason}`,
        dedupeKey: agreementOverdueKey(ca.id),
      });
      if (added) sent++;
    }
    return [rows.length, sent];
  }

  private async actionsOverdue(manager: EntityManager, authorityId: string, today: string): Promise<[number, number]> {
    const rows = await this.audits.overdueAuditActions(manager, authorityId, today, BATCH);
    let sent = 0;
    for (const a of rows) {
      const added = await this.inbox.alert(manager, {
        authorityId,
        recipientId: a.managerId,
        kind: 'CASE_AUDIT_ACTION_OVERDUE',
        actionId: a.id,
        caseAuditId: a.caseAuditId,
        dueBy: a.dueBy,
        reason: `An action agreed from a case audit of your team is overdue: ${a.description.slice(0, 120)}`,
        dedupeKey: `case-audit-action-overdue:${a.id}:${a.dueBy}`,
      });
      if (added) sent++;
    }
    return [rows.length, sent];
  }
}
