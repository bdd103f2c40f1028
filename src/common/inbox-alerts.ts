import { EntityManager } from 'typeorm';

export interface InboxAlertCommand {
  authorityId: string;
  recipientId: string;
  /** e.g. STAGE_BREACHED, ACTION_OVERDUE, DRIFT, ADVOCACY_GAP */
  kind: string;
  /** why it is in the inbox, as the recipient reads it */
  reason: string;
  dueBy: string;
  escalationId?: string | null;
  actionId?: string | null;
  caseAuditId?: string | null;
  /** issue 18: the conference whose minutes are due */
  conferenceId?: string | null;
  /** the same key for the same recipient does nothing the second time */
  dedupeKey: string;
}

/** The payload of an inbox notification, as the outbox carries it and the subscription reads it. */
export interface InboxNotice {
  /** what kind of item (STAGE_OPENED, STAGE_BREACHED, ...): emails and webhooks are worded by it, never by `reason` */
  kind?: string;
  reason: string;
  dueBy: string;
  escalationId: string | null;
  actionId: string | null;
  caseAuditId?: string | null;
  conferenceId?: string | null;
}

/**
 * What domain modules may ask of the inbox: raise, clear and announce items, in the caller's
 * transaction. src/notifications implements it (InboxService, bound by InboxModule); the port
 * keeps the domain from depending on notifications, which reads the directory (no folder cycle).
 */
export abstract class InboxAlerts {
  /** Inserts the alert once per (recipient, dedupeKey); returns whether it was new. */
  abstract alert(manager: EntityManager, cmd: InboxAlertCommand): Promise<boolean>;
  /** Takes alerts out of inboxes; omit recipientId to clear for all. */
  abstract clear(
    manager: EntityManager,
    cmd: { authorityId: string; dedupeKey: string; recipientId?: string },
  ): Promise<void>;
  /** Announces a new inbox item (derived from a record, e.g. a stage opened) to its recipients. */
  abstract notify(
    manager: EntityManager,
    authorityId: string,
    recipientIds: string[],
    notice: InboxNotice,
  ): Promise<void>;
}
