import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InboxAlertCommand, InboxAlerts, InboxNotice } from '../common/inbox-alerts';
import { WorkflowService } from '../workflow/workflow.service';
import { InboxAlertRepository } from './inbox-alert.repository';

/** The outbox topic of inbox items; the publisher delivers them on `INBOX:<staffId>`. */
export const INBOX_TOPIC = 'INBOX';

export type { InboxAlertCommand, InboxNotice };

/**
 * Puts alerts in a person's inbox, in the caller's transaction, and announces them through the
 * transactional outbox (published only if the transaction commits). Other modules use this.
 */
@Injectable()
export class InboxService implements InboxAlerts {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly alerts: InboxAlertRepository,
  ) {}

  /** Inserts the alert once per (recipient, dedupeKey); returns whether it was new. */
  async alert(manager: EntityManager, cmd: InboxAlertCommand): Promise<boolean> {
    if (!(await this.alerts.insertOnce(manager, cmd))) return false;
    await this.notify(manager, cmd.authorityId, [cmd.recipientId], {
      kind: cmd.kind,
      reason: cmd.reason,
      dueBy: cmd.dueBy,
      escalationId: cmd.escalationId ?? null,
      actionId: cmd.actionId ?? null,
      caseAuditId: cmd.caseAuditId ?? null,
      conferenceId: cmd.conferenceId ?? null,
    });
    return true;
  }

  /** Takes alerts out of inboxes (e.g. the gap was filled). Keys are per recipient; omit recipientId to clear for all. */
  async clear(
    manager: EntityManager,
    cmd: { authorityId: string; dedupeKey: string; recipientId?: string },
  ): Promise<void> {
    await this.alerts.clear(manager, cmd);
  }

  /** Announces a new inbox item (derived from a record, e.g. a stage opened) to its recipients. */
  async notify(
    manager: EntityManager,
    authorityId: string,
    recipientIds: string[],
    notice: InboxNotice,
  ): Promise<void> {
    const unique = [...new Set(recipientIds)];
    await this.workflow.enqueue(
      manager,
      authorityId,
      unique.map((recipientId) => ({ recipientId, topic: INBOX_TOPIC, payload: { ...notice } })),
    );
  }
}
