import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../workflow/workflow.service';
import { DeliveryItem } from './delivery-item';
import { ReadDb, ReadPool } from '../common/read-pool';

type Db = ReadDb;

export type DeliveryChannelName = 'EMAIL' | 'WEBHOOK';
export type DeliveryStatusName = 'PENDING' | 'DELIVERED' | 'PARKED';
export type WebhookStatusName = 'ACTIVE' | 'DISABLED';

/** A registered webhook (the secret stays in the repository's callers that sign or show it). */
export interface WebhookRecord {
  id: string;
  authorityId: string;
  url: string;
  eventTypes: string[];
  secret: string;
  status: WebhookStatusName;
  disabledReason: string | null;
  version: number;
  createdAt: Date;
}

interface WebhookRow {
  id: string;
  authority_id: string;
  url: string;
  event_types: string[];
  secret: string;
  status: WebhookStatusName;
  disabled_reason: string | null;
  version: number;
  created_at: Date;
}

const webhookFromRow = (r: WebhookRow): WebhookRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  url: r.url,
  eventTypes: r.event_types,
  secret: r.secret,
  status: r.status,
  disabledReason: r.disabled_reason,
  version: r.version,
  createdAt: r.created_at,
});

/** One email or webhook delivery of an outbox message. */
export interface DeliveryRecord {
  id: string;
  authorityId: string;
  channel: DeliveryChannelName;
  status: DeliveryStatusName;
  recipientId: string | null;
  webhookId: string | null;
  eventType: string;
  payload: DeliveryItem & Record<string, unknown>;
  digest: boolean;
  attempts: number;
  dueAt: Date;
  deliveredAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

interface DeliveryRow {
  id: string;
  authority_id: string;
  channel: DeliveryChannelName;
  status: DeliveryStatusName;
  recipient_id: string | null;
  webhook_id: string | null;
  event_type: string;
  payload: DeliveryItem & Record<string, unknown>;
  digest: boolean;
  attempts: number;
  due_at: Date;
  delivered_at: Date | null;
  last_error: string | null;
  created_at: Date;
}

const deliveryFromRow = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  channel: r.channel,
  status: r.status,
  recipientId: r.recipient_id,
  webhookId: r.webhook_id,
  eventType: r.event_type,
  payload: r.payload,
  digest: r.digest,
  attempts: r.attempts,
  dueAt: r.due_at,
  deliveredAt: r.delivered_at,
  lastError: r.last_error,
  createdAt: r.created_at,
});

/** A committed outbox message waiting to be fanned out. */
export interface OutboxRecord {
  id: string;
  authorityId: string;
  recipientId: string;
  topic: string;
  payload: { kind?: string; dueBy?: string; escalationId?: string | null; actionId?: string | null };
  createdAt: Date;
}

interface OutboxRow {
  id: string;
  authority_id: string;
  recipient_id: string;
  topic: string;
  payload: OutboxRecord['payload'];
  created_at: Date;
}

export interface NewDelivery {
  id: string;
  authorityId: string;
  channel: DeliveryChannelName;
  outboxMessageId: string;
  recipientId: string | null;
  webhookId: string | null;
  eventType: string;
  payload: Record<string, unknown>;
  digest: boolean;
  dueAt: Date;
}

/**
 * Every statement on webhook, notification_delivery and (for the fan-out) outbox_message. The
 * worker runs outside a request, across authorities: its claims are by due time, its writes by id.
 */
@Injectable()
export class NotificationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  // --- webhook -------------------------------------------------------------------------------

  async insertWebhook(
    manager: EntityManager,
    w: { authorityId: string; url: string; eventTypes: string[]; secret: string; createdById: string },
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      'INSERT INTO webhook (authority_id, url, event_types, secret, created_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [w.authorityId, w.url, w.eventTypes, w.secret, w.createdById],
    );
    return rows[0].id;
  }

  async findWebhook(authorityId: string, id: string, db: Db = this.reads): Promise<WebhookRecord | null> {
    const rows: WebhookRow[] = await db.query('SELECT * FROM webhook WHERE id = $1 AND authority_id = $2', [
      id,
      authorityId,
    ]);
    return rows[0] ? webhookFromRow(rows[0]) : null;
  }

  async lockWebhookStatus(manager: EntityManager, authorityId: string, id: string): Promise<WebhookStatusName | null> {
    const rows: { status: WebhookStatusName }[] = await manager.query(
      'SELECT status FROM webhook WHERE id = $1 AND authority_id = $2 FOR UPDATE',
      [id, authorityId],
    );
    return rows[0]?.status ?? null;
  }

  /** The webhook row the engine returned (`WorkflowService.transition`'s RETURNING *) as a record. */
  fromUpdated(row: Record<string, unknown>): WebhookRecord {
    return webhookFromRow(row as unknown as WebhookRow);
  }

  async listWebhooks(authorityId: string): Promise<WebhookRecord[]> {
    const rows: WebhookRow[] = await this.reads.query(
      'SELECT * FROM webhook WHERE authority_id = $1 ORDER BY created_at, id',
      [authorityId],
    );
    return rows.map(webhookFromRow);
  }

  /** The webhook a delivery goes to (the worker's read; the delivery row names it). */
  async webhookForDelivery(
    manager: EntityManager,
    id: string,
  ): Promise<{ url: string; secret: string; status: WebhookStatusName } | null> {
    const rows: { url: string; secret: string; status: WebhookStatusName }[] = await manager.query(
      'SELECT url, secret, status FROM webhook WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  async activeWebhooks(
    manager: EntityManager,
    authorityIds: string[],
  ): Promise<{ id: string; authorityId: string; eventTypes: string[] }[]> {
    const rows: { id: string; authority_id: string; event_types: string[] }[] = await manager.query(
      "SELECT id, authority_id, event_types FROM webhook WHERE authority_id = ANY($1) AND status = 'ACTIVE'",
      [authorityIds],
    );
    return rows.map((r) => ({ id: r.id, authorityId: r.authority_id, eventTypes: r.event_types }));
  }

  // --- notification_delivery -----------------------------------------------------------------

  async lockDeliveryStatus(
    manager: EntityManager,
    authorityId: string,
    id: string,
  ): Promise<DeliveryStatusName | null> {
    const rows: { status: DeliveryStatusName }[] = await manager.query(
      'SELECT status FROM notification_delivery WHERE id = $1 AND authority_id = $2 FOR UPDATE',
      [id, authorityId],
    );
    return rows[0]?.status ?? null;
  }

  /** A parked delivery due again from the start of the retry schedule. */
  async requeueDelivery(manager: EntityManager, authorityId: string, id: string, dueAt: Date): Promise<DeliveryRecord> {
    const rows = returnedRows<DeliveryRow>(
      await manager.query(
        "UPDATE notification_delivery SET status = 'PENDING', attempts = 0, due_at = $3, updated_at = now() WHERE id = $1 AND authority_id = $2 RETURNING *",
        [id, authorityId, dueAt],
      ),
    );
    return deliveryFromRow(rows[0]);
  }

  /** Newest first. */
  async listDeliveries(
    authorityId: string,
    filter: { channel: string | null; status: string | null; webhookId: string | null },
    limit: number,
  ): Promise<DeliveryRecord[]> {
    const rows: DeliveryRow[] = await this.reads.query(
      `SELECT * FROM notification_delivery WHERE authority_id = $1 AND ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR status = $3)
         AND ($4::uuid IS NULL OR webhook_id = $4) ORDER BY created_at DESC, id LIMIT $5`,
      [authorityId, filter.channel, filter.status, filter.webhookId, limit],
    );
    return rows.map(deliveryFromRow);
  }

  /** The next due delivery, held for the caller's transaction (others skip it). */
  async claimDue(manager: EntityManager, now: Date): Promise<DeliveryRecord | null> {
    const rows: DeliveryRow[] = await manager.query(
      "SELECT * FROM notification_delivery WHERE status = 'PENDING' AND due_at <= $1 ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED",
      [now],
    );
    return rows[0] ? deliveryFromRow(rows[0]) : null;
  }

  /** The rest of a person's digest that is due by now, held like claimDue. */
  async claimDigestRest(manager: EntityManager, first: DeliveryRecord, now: Date): Promise<DeliveryRecord[]> {
    const rows: DeliveryRow[] = await manager.query(
      "SELECT * FROM notification_delivery WHERE status = 'PENDING' AND channel = 'EMAIL' AND digest AND recipient_id = $1 AND due_at <= $2 AND id <> $3 ORDER BY created_at FOR UPDATE SKIP LOCKED",
      [first.recipientId, now, first.id],
    );
    return rows.map(deliveryFromRow);
  }

  async markDelivered(manager: EntityManager, id: string, attempts: number, at: Date): Promise<void> {
    await manager.query(
      "UPDATE notification_delivery SET status = 'DELIVERED', attempts = $2, delivered_at = $3, last_error = NULL, updated_at = now() WHERE id = $1",
      [id, attempts, at],
    );
  }

  async reschedule(
    manager: EntityManager,
    id: string,
    attempts: number,
    dueAt: Date,
    error: string | undefined,
  ): Promise<void> {
    await manager.query(
      'UPDATE notification_delivery SET attempts = $2, due_at = $3, last_error = $4, updated_at = now() WHERE id = $1',
      [id, attempts, dueAt, error],
    );
  }

  async park(manager: EntityManager, id: string, attempts: number, error: string | undefined): Promise<void> {
    await manager.query(
      "UPDATE notification_delivery SET status = 'PARKED', attempts = $2, last_error = $3, updated_at = now() WHERE id = $1",
      [id, attempts, error],
    );
  }

  async parkPendingForWebhook(manager: EntityManager, webhookId: string): Promise<void> {
    await manager.query(
      "UPDATE notification_delivery SET status = 'PARKED', last_error = 'webhook disabled', updated_at = now() WHERE webhook_id = $1 AND status = 'PENDING'",
      [webhookId],
    );
  }

  async insertDeliveries(manager: EntityManager, deliveries: NewDelivery[]): Promise<void> {
    if (!deliveries.length) return;
    const columns = [
      'id',
      'authority_id',
      'channel',
      'outbox_message_id',
      'recipient_id',
      'webhook_id',
      'event_type',
      'payload',
      'digest',
      'due_at',
    ];
    const values: unknown[] = [];
    const tuples = deliveries.map((d) => {
      values.push(
        d.id,
        d.authorityId,
        d.channel,
        d.outboxMessageId,
        d.recipientId,
        d.webhookId,
        d.eventType,
        JSON.stringify(d.payload),
        d.digest,
        d.dueAt,
      );
      return `(${columns.map((_, i) => `$${values.length - columns.length + i + 1}`).join(', ')})`;
    });
    await manager.query(
      `INSERT INTO notification_delivery (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  // --- outbox_message ------------------------------------------------------------------------

  /** A batch of committed messages not yet fanned out, held for the caller's transaction. */
  async claimUnfannedOutbox(manager: EntityManager, limit: number): Promise<OutboxRecord[]> {
    const rows: OutboxRow[] = await manager.query(
      'SELECT id, authority_id, recipient_id, topic, payload, created_at FROM outbox_message WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED',
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      authorityId: r.authority_id,
      recipientId: r.recipient_id,
      topic: r.topic,
      payload: r.payload,
      createdAt: r.created_at,
    }));
  }

  async markFannedOut(manager: EntityManager, ids: string[], at: Date): Promise<void> {
    await manager.query('UPDATE outbox_message SET fanned_out_at = $2 WHERE id = ANY($1)', [ids, at]);
  }

  /**
   * The escalations' references for the messages' wording: a read of the escalation table (read-
   * model style, never a write) kept here so the fan-out stays one statement per kind of row.
   */
  async escalationReferences(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; reference: string }[] = await manager.query(
      'SELECT id, reference FROM escalation WHERE id = ANY($1)',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.reference]));
  }
}
