import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { INBOX_TOPIC } from '../inbox/inbox.service';
import { nextDigestAt } from './digest-schedule';
import { DeliveryItem } from './delivery-item';
import { EmailSender } from './email-sender';

const BATCH = 200;

interface OutboxRow {
  id: string;
  authority_id: string;
  recipient_id: string;
  topic: string;
  payload: { kind?: string; dueBy?: string; escalationId?: string | null; actionId?: string | null };
  created_at: Date;
}


interface NewDelivery {
  id: string;
  authorityId: string;
  channel: 'EMAIL' | 'WEBHOOK';
  outboxMessageId: string;
  recipientId: string | null;
  webhookId: string | null;
  eventType: string;
  payload: Record<string, unknown>;
  digest: boolean;
  dueAt: Date;
}

/**
 * Turns committed outbox messages into email and webhook deliveries, once each: a message is
 * claimed (FOR UPDATE SKIP LOCKED) and marked fanned out in the transaction that writes its
 * deliveries. Only committed messages are visible here, so a rolled-back change sends nothing.
 */
@Injectable()
export class OutboxFanOut {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: AuthoritySettingsService,
    private readonly email: EmailSender,
  ) {}

  /** Fans out one batch; returns how many outbox messages it took. */
  fanOutBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        'SELECT id, authority_id, recipient_id, topic, payload, created_at FROM outbox_message WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [BATCH],
      );
      if (!rows.length) return 0;
      const deliveries = await this.deliveriesFor(manager, rows.filter((r) => r.topic === INBOX_TOPIC));
      await insertDeliveries(manager, deliveries);
      await manager.query('UPDATE outbox_message SET fanned_out_at = $2 WHERE id = ANY($1)', [rows.map((r) => r.id), this.clock.now()]);
      return rows.length;
    });
  }

  private async deliveriesFor(manager: EntityManager, rows: OutboxRow[]): Promise<NewDelivery[]> {
    if (!rows.length) return [];
    const authorityIds = [...new Set(rows.map((r) => r.authority_id))];
    const staff: { id: string; subject: string; email: string | null; email_mode: string }[] = await manager.query(
      'SELECT id, subject, email, email_mode FROM staff_member WHERE id = ANY($1)',
      [[...new Set(rows.map((r) => r.recipient_id))]],
    );
    const hooks: { id: string; authority_id: string; event_types: string[] }[] = await manager.query(
      "SELECT id, authority_id, event_types FROM webhook WHERE authority_id = ANY($1) AND status = 'ACTIVE'",
      [authorityIds],
    );
    const escalationIds = [...new Set(rows.map((r) => r.payload.escalationId).filter((id): id is string => !!id))];
    const references: { id: string; reference: string }[] = escalationIds.length
      ? await manager.query('SELECT id, reference FROM escalation WHERE id = ANY($1)', [escalationIds])
      : [];
    const staffById = new Map(staff.map((s) => [s.id, s]));
    const referenceById = new Map(references.map((e) => [e.id, e.reference]));
    const now = this.clock.now();
    const out: NewDelivery[] = [];
    for (const row of rows) {
      const kind = row.payload.kind ?? 'INBOX_ITEM';
      const escalationId = row.payload.escalationId ?? null;
      const item: DeliveryItem = {
        kind,
        dueBy: row.payload.dueBy ?? null,
        escalationId,
        escalationReference: escalationId ? referenceById.get(escalationId) ?? null : null,
        actionId: row.payload.actionId ?? null,
        occurredAt: new Date(row.created_at).toISOString(),
      };
      const base = { authorityId: row.authority_id, outboxMessageId: row.id, eventType: kind };
      const person = staffById.get(row.recipient_id);
      if (this.email.enabled && person?.email) {
        const digest = person.email_mode === 'DAILY_DIGEST';
        const dueAt = digest ? nextDigestAt(now, (await this.settings.get(row.authority_id, manager)).calendar) : now;
        out.push({ ...base, id: randomUUID(), channel: 'EMAIL', recipientId: row.recipient_id, webhookId: null, payload: { ...item }, digest, dueAt });
      }
      for (const hook of hooks) {
        if (hook.authority_id !== row.authority_id || !hook.event_types.includes(kind)) continue;
        const payload = { ...item, recipient: { staffId: row.recipient_id, subject: person?.subject ?? null } };
        out.push({ ...base, id: randomUUID(), channel: 'WEBHOOK', recipientId: row.recipient_id, webhookId: hook.id, payload, digest: false, dueAt: now });
      }
    }
    return out;
  }
}

async function insertDeliveries(manager: EntityManager, deliveries: NewDelivery[]): Promise<void> {
  if (!deliveries.length) return;
  const columns = ['id', 'authority_id', 'channel', 'outbox_message_id', 'recipient_id', 'webhook_id', 'event_type', 'payload', 'digest', 'due_at'];
  const values: unknown[] = [];
  const tuples = deliveries.map((d) => {
    values.push(d.id, d.authorityId, d.channel, d.outboxMessageId, d.recipientId, d.webhookId, d.eventType, JSON.stringify(d.payload), d.digest, d.dueAt);
    return `(${columns.map((_, i) => `$${values.length - columns.length + i + 1}`).join(', ')})`;
  });
  await manager.query(`INSERT INTO notification_delivery (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
}
