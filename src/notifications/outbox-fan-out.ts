import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DirectoryRepository } from '../directory/directory.repository';
import { Clock } from '../clock/clock';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { INBOX_TOPIC } from './inbox.service';
import { nextDigestAt } from './digest-schedule';
import { DeliveryItem } from './delivery-item';
import { EmailSender } from './email-sender';
import { NewDelivery, NotificationRepository, OutboxRecord } from './notification.repository';

const BATCH = 200;

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
    private readonly repository: NotificationRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  /** Fans out one batch; returns how many outbox messages it took. */
  fanOutBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.repository.claimUnfannedOutbox(manager, BATCH);
      if (!rows.length) return 0;
      const deliveries = await this.deliveriesFor(
        manager,
        rows.filter((r) => r.topic === INBOX_TOPIC),
      );
      await this.repository.insertDeliveries(manager, deliveries);
      await this.repository.markFannedOut(
        manager,
        rows.map((r) => r.id),
        this.clock.now(),
      );
      return rows.length;
    });
  }

  private async deliveriesFor(manager: EntityManager, rows: OutboxRecord[]): Promise<NewDelivery[]> {
    if (!rows.length) return [];
    const authorityIds = [...new Set(rows.map((r) => r.authorityId))];
    const staff = await this.directory.contactsAnyAuthority(manager, [...new Set(rows.map((r) => r.recipientId))]);
    const hooks = await this.repository.activeWebhooks(manager, authorityIds);
    const escalationIds = [...new Set(rows.map((r) => r.payload.escalationId).filter((id): id is string => !!id))];
    const referenceById = await this.repository.escalationReferences(manager, escalationIds);
    const staffById = new Map(staff.map((s) => [s.id, s]));
    const now = this.clock.now();
    const out: NewDelivery[] = [];
    for (const row of rows) {
      const kind = row.payload.kind ?? 'INBOX_ITEM';
      const escalationId = row.payload.escalationId ?? null;
      const item: DeliveryItem = {
        kind,
        dueBy: row.payload.dueBy ?? null,
        escalationId,
        escalationReference: escalationId ? (referenceById.get(escalationId) ?? null) : null,
        actionId: row.payload.actionId ?? null,
        occurredAt: new Date(row.createdAt).toISOString(),
      };
      const base = { authorityId: row.authorityId, outboxMessageId: row.id, eventType: kind };
      const person = staffById.get(row.recipientId);
      if (this.email.enabled && person?.email) {
        const digest = person.emailMode === 'DAILY_DIGEST';
        const dueAt = digest ? nextDigestAt(now, (await this.settings.get(row.authorityId, manager)).calendar) : now;
        out.push({
          ...base,
          id: randomUUID(),
          channel: 'EMAIL',
          recipientId: row.recipientId,
          webhookId: null,
          payload: { ...item },
          digest,
          dueAt,
        });
      }
      for (const hook of hooks) {
        if (hook.authorityId !== row.authorityId || !hook.eventTypes.includes(kind)) continue;
        const payload = { ...item, recipient: { staffId: row.recipientId, subject: person?.subject ?? null } };
        out.push({
          ...base,
          id: randomUUID(),
          channel: 'WEBHOOK',
          recipientId: row.recipientId,
          webhookId: hook.id,
          payload,
          digest: false,
          dueAt: now,
        });
      }
    }
    return out;
  }
}
