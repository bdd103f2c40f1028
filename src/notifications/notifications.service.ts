import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { invalidTransition, notFound } from '../common/errors';
import { pageSize } from '../common/pagination';
import { CommandRunner } from '../idempotency/command-runner';
import { returnedRows } from '../workflow/workflow.service';
import { NotificationDeliveryFilter, NotificationDeliveryType, RegisterWebhookInput, UpdateNotificationPreferencesInput, WebhookType } from './notifications.types';

const webhookFrom = (r: any): WebhookType => ({ id: r.id, url: r.url, eventTypes: r.event_types, status: r.status, disabledReason: r.disabled_reason, createdAt: r.created_at });
const deliveryFrom = (r: any): NotificationDeliveryType => ({
  id: r.id, channel: r.channel, status: r.status, eventType: r.event_type, attempts: r.attempts, dueAt: r.due_at, deliveredAt: r.delivered_at,
  lastError: r.last_error, digest: r.digest, webhookId: r.webhook_id, createdAt: r.created_at, recipientId: r.recipient_id,
});

/** Webhooks, deliveries and a person's email preference (issue 16). */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async registerWebhook(user: CurrentUser, input: RegisterWebhookInput, idempotencyKey: string | null): Promise<{ webhook: WebhookType; secret: string }> {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const id = await this.commands.run({ user, operation: 'registerWebhook', input, idempotencyKey }, async (manager) => {
      const [row] = await manager.query(
        'INSERT INTO webhook (authority_id, url, event_types, secret, created_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [user.authorityId, input.url, [...new Set(input.eventTypes)], secret, user.staffId],
      );
      await this.audit.append(manager, { authorityId: user.authorityId, actorId: user.staffId, entityType: 'Webhook', entityId: row.id, action: 'WEBHOOK_REGISTERED', toStatus: 'ACTIVE', details: { url: input.url, eventTypes: input.eventTypes } });
      return row.id;
    });
    // A repeat with the same Idempotency-Key returns the first webhook, whose secret was shown then.
    const [row] = await this.dataSource.query('SELECT * FROM webhook WHERE id = $1 AND authority_id = $2', [id, user.authorityId]);
    return { webhook: webhookFrom(row), secret: row.secret === secret ? secret : '(shown at registration)' };
  }

  async setWebhookEnabled(user: CurrentUser, webhookId: string, enabled: boolean): Promise<WebhookType> {
    const to = enabled ? 'ACTIVE' : 'DISABLED';
    return this.dataSource.transaction(async (manager) => {
      const [old] = await manager.query('SELECT status FROM webhook WHERE id = $1 AND authority_id = $2 FOR UPDATE', [webhookId, user.authorityId]);
      if (!old) throw notFound('Webhook', webhookId);
      const [row] = returnedRows<any>(await manager.query(
        'UPDATE webhook SET status = $3, disabled_reason = CASE WHEN $3 = \'ACTIVE\' THEN NULL ELSE $4 END, version = version + 1, updated_at = now() WHERE id = $1 AND authority_id = $2 RETURNING *',
        [webhookId, user.authorityId, to, 'disabled by an ADMIN'],
      ));
      if (old.status !== to) {
        await this.audit.append(manager, { authorityId: user.authorityId, actorId: user.staffId, entityType: 'Webhook', entityId: webhookId, action: enabled ? 'WEBHOOK_ENABLED' : 'WEBHOOK_DISABLED', fromStatus: old.status, toStatus: to });
      }
      return webhookFrom(row);
    });
  }

  /** A parked delivery is sent again from the start of the retry schedule. */
  async retryDelivery(user: CurrentUser, deliveryId: string): Promise<NotificationDeliveryType> {
    return this.dataSource.transaction(async (manager) => {
      const [old] = await manager.query('SELECT status FROM notification_delivery WHERE id = $1 AND authority_id = $2 FOR UPDATE', [deliveryId, user.authorityId]);
      if (!old) throw notFound('NotificationDelivery', deliveryId);
      if (old.status !== 'PARKED') throw invalidTransition(old.status, 'retryDelivery', 'NotificationDelivery');
      const [row] = returnedRows<any>(await manager.query(
        "UPDATE notification_delivery SET status = 'PENDING', attempts = 0, due_at = $3, updated_at = now() WHERE id = $1 AND authority_id = $2 RETURNING *",
        [deliveryId, user.authorityId, this.clock.now()],
      ));
      await this.audit.append(manager, { authorityId: user.authorityId, actorId: user.staffId, entityType: 'NotificationDelivery', entityId: deliveryId, action: 'DELIVERY_RETRIED', fromStatus: 'PARKED', toStatus: 'PENDING' });
      return deliveryFrom(row);
    });
  }

  async updatePreferences(user: CurrentUser, input: UpdateNotificationPreferencesInput): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [old] = await manager.query('SELECT email_mode FROM staff_member WHERE id = $1 AND authority_id = $2 FOR UPDATE', [user.staffId, user.authorityId]);
      if (old?.email_mode === input.emailMode) return;
      await manager.query('UPDATE staff_member SET email_mode = $2, updated_at = now() WHERE id = $1', [user.staffId, input.emailMode]);
      await this.audit.append(manager, { authorityId: user.authorityId, actorId: user.staffId, entityType: 'StaffMember', entityId: user.staffId, action: 'STAFF_MEMBER_UPDATED', details: { emailMode: input.emailMode, previousEmailMode: old?.email_mode ?? null } });
    });
  }

  async webhooks(user: CurrentUser): Promise<WebhookType[]> {
    const rows = await this.dataSource.query('SELECT * FROM webhook WHERE authority_id = $1 ORDER BY created_at, id', [user.authorityId]);
    return rows.map(webhookFrom);
  }

  /** Newest first. */
  async deliveries(user: CurrentUser, filter: NotificationDeliveryFilter | null | undefined, first: number | null | undefined): Promise<NotificationDeliveryType[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM notification_delivery WHERE authority_id = $1 AND ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR status = $3)
         AND ($4::uuid IS NULL OR webhook_id = $4) ORDER BY created_at DESC, id LIMIT $5`,
      [user.authorityId, filter?.channel ?? null, filter?.status ?? null, filter?.webhookId ?? null, pageSize(first)],
    );
    return rows.map(deliveryFrom);
  }
}
