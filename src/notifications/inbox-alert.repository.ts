import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InboxAlertCommand } from '../common/inbox-alerts';

/** Every write to inbox_alert (the inbox reader, a read model, reads it). */
@Injectable()
export class InboxAlertRepository {
  /** Inserts the alert once per (recipient, dedupeKey); returns whether it was new. */
  async insertOnce(manager: EntityManager, cmd: InboxAlertCommand): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO inbox_alert (authority_id, recipient_id, kind, reason, due_by, escalation_id, action_id, dedupe_key, case_audit_id, conference_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (authority_id, recipient_id, dedupe_key) DO NOTHING RETURNING id`,
      [
        cmd.authorityId,
        cmd.recipientId,
        cmd.kind,
        cmd.reason,
        cmd.dueBy,
        cmd.escalationId ?? null,
        cmd.actionId ?? null,
        cmd.dedupeKey,
        cmd.caseAuditId ?? null,
        cmd.conferenceId ?? null,
      ],
    );
    return inserted.length > 0;
  }

  /** Clears the open alerts with the key (for one recipient, or all). */
  async clear(
    manager: EntityManager,
    cmd: { authorityId: string; dedupeKey: string; recipientId?: string },
  ): Promise<void> {
    await manager.query(
      'UPDATE inbox_alert SET cleared_at = now() WHERE authority_id = $1 AND dedupe_key = $2 AND ($3::uuid IS NULL OR recipient_id = $3) AND cleared_at IS NULL',
      [cmd.authorityId, cmd.dedupeKey, cmd.recipientId ?? null],
    );
  }
}
