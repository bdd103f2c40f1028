import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InboxAlertCommand, InboxAlerts, InboxNotice } from '../common/inbox-alerts';
import { WorkflowService } from '../workflow/workflow.service';

/** The outbox topic of inbox items; the publisher delivers them on `INBOX:<staffId>`. */
export const INBOX_TOPIC = 'INBOX';

export type { InboxAlertCommand, InboxNotice };

/**
 * Puts alerts in a person's inbox, in the caller's transaction, and announces them through the
 * transactional outbox (published only if the transaction commits). Other modules use this.
 */
@Injectable()
export class InboxService implements InboxAlerts {
  constructor(private readonly workflow: WorkflowService) {}

  /** Inserts the alert once per (recipient, dedupeKey); returns whether it was new. */
  async alert(manager: EntityManager, cmd: InboxAlertCommand): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO inbox_alert (authority_id, recipient_id, kind, reason, due_by, escalation_id, action_id, dedupe_key, case_audit_id, conference_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (authority_id, recipient_id, dedupe_key) DO NOTHING RETURNING id`,
      [cmd.authorityId, cmd.recipientId, cmd.kind, cmd.reason, cmd.dueBy, cmd.escalationId ?? null, cmd.actionId ?? null, cmd.dedupeKey, cmd.caseAuditId ?? null, cmd.conferenceId ?? null],
    );
    if (!inserted.length) return false;
    await this.notify(manager, cmd.authorityId, [cmd.recipientId], { kind: cmd.kind, reason: cmd.reason, dueBy: cmd.dueBy, escalationId: cmd.escalationId ?? null, actionId: cmd.actionId ?? null, caseAuditId: cmd.caseAuditId ?? null, conferenceId: cmd.conferenceId ?? null });
    return true;
  }

  /** Takes alerts out of inboxes (e.g. the gap was filled). Keys are per recipient; omit recipientId to clear for all. */
  async clear(manager: EntityManager, cmd: { authorityId: string; dedupeKey: string; recipientId?: string }): Promise<void> {
    await manager.query(
      'UPDATE inbox_alert SET cleared_at = now() WHERE authority_id = $1 AND dedupe_key = $2 AND ($3::uuid IS NULL OR recipient_id = $3) AND cleared_at IS NULL',
      [cmd.authorityId, cmd.dedupeKey, cmd.recipientId ?? null],
    );
  }

  /** Announces a new inbox item (derived from a record, e.g. a stage opened) to its recipients. */
  async notify(manager: EntityManager, authorityId: string, recipientIds: string[], notice: InboxNotice): Promise<void> {
    const unique = [...new Set(recipientIds)];
    await this.workflow.enqueue(manager, authorityId, unique.map((recipientId) => ({ recipientId, topic: INBOX_TOPIC, payload: { ...notice } })));
  }
}
