import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DirectoryService } from '../directory/directory.service';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { invalidTransition, notFound } from '../common/errors';
import { pageSize } from '../common/pagination';
import { CommandRunner } from '../idempotency/command-runner';
import { WorkflowService } from '../workflow/workflow.service';
import { DeliveryRecord, NotificationRepository, WebhookRecord } from './notification.repository';
import {
  NotificationDeliveryFilter,
  NotificationDeliveryType,
  RegisterWebhookInput,
  UpdateNotificationPreferencesInput,
  WebhookType,
} from './notifications.types';
import { webhookMachine } from './webhook.machine';

const webhookFrom = (r: WebhookRecord): WebhookType => ({
  id: r.id,
  url: r.url,
  eventTypes: r.eventTypes as WebhookType['eventTypes'],
  status: r.status as WebhookType['status'],
  disabledReason: r.disabledReason,
  createdAt: r.createdAt,
});
const deliveryFrom = (r: DeliveryRecord): NotificationDeliveryType => ({
  id: r.id,
  channel: r.channel as NotificationDeliveryType['channel'],
  status: r.status as NotificationDeliveryType['status'],
  eventType: r.eventType,
  attempts: r.attempts,
  dueAt: r.dueAt,
  deliveredAt: r.deliveredAt,
  lastError: r.lastError,
  digest: r.digest,
  webhookId: r.webhookId,
  createdAt: r.createdAt,
  recipientId: r.recipientId,
});

/** Webhooks, deliveries and a person's email preference (issue 16). */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly repository: NotificationRepository,
    private readonly directory: DirectoryService,
    private readonly workflow: WorkflowService,
  ) {}

  async registerWebhook(
    user: CurrentUser,
    input: RegisterWebhookInput,
    idempotencyKey: string | null,
  ): Promise<{ webhook: WebhookType; secret: string }> {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const id = await this.commands.run(
      { user, operation: 'registerWebhook', input, idempotencyKey },
      async (manager) => {
        const webhookId = await this.repository.insertWebhook(manager, {
          authorityId: user.authorityId,
          url: input.url,
          eventTypes: [...new Set(input.eventTypes)],
          secret,
          createdById: user.staffId,
        });
        await this.audit.append(manager, {
          authorityId: user.authorityId,
          actorId: user.staffId,
          entityType: 'Webhook',
          entityId: webhookId,
          action: 'WEBHOOK_REGISTERED',
          toStatus: 'ACTIVE',
          details: { url: input.url, eventTypes: input.eventTypes },
        });
        return webhookId;
      },
    );
    // A repeat with the same Idempotency-Key returns the first webhook, whose secret was shown then.
    const row = (await this.repository.findWebhook(user.authorityId, id))!;
    return { webhook: webhookFrom(row), secret: row.secret === secret ? secret : '(shown at registration)' };
  }

  async setWebhookEnabled(user: CurrentUser, webhookId: string, enabled: boolean): Promise<WebhookType> {
    const to = enabled ? 'ACTIVE' : 'DISABLED';
    return this.dataSource.transaction(async (manager) => {
      const old = await this.repository.lockWebhookStatus(manager, user.authorityId, webhookId);
      if (!old) throw notFound('Webhook', webhookId);
      // Already so: nothing changes (no version, no audit event).
      if (old === to) return webhookFrom((await this.repository.findWebhook(user.authorityId, webhookId, manager))!);
      const row = await this.workflow.transition(manager, webhookMachine, {
        id: webhookId,
        authorityId: user.authorityId,
        actorId: user.staffId,
        operation: enabled ? 'enable' : 'disable',
        set: { disabled_reason: enabled ? null : 'disabled by an ADMIN' },
      });
      return webhookFrom(this.repository.fromUpdated(row));
    });
  }

  /** A parked delivery is sent again from the start of the retry schedule. */
  async retryDelivery(user: CurrentUser, deliveryId: string): Promise<NotificationDeliveryType> {
    return this.dataSource.transaction(async (manager) => {
      const old = await this.repository.lockDeliveryStatus(manager, user.authorityId, deliveryId);
      if (!old) throw notFound('NotificationDelivery', deliveryId);
      if (old !== 'PARKED') throw invalidTransition(old, 'retryDelivery', 'NotificationDelivery');
      const row = await this.repository.requeueDelivery(manager, user.authorityId, deliveryId, this.clock.now());
      await this.audit.append(manager, {
        authorityId: user.authorityId,
        actorId: user.staffId,
        entityType: 'NotificationDelivery',
        entityId: deliveryId,
        action: 'DELIVERY_RETRIED',
        fromStatus: 'PARKED',
        toStatus: 'PENDING',
      });
      return deliveryFrom(row);
    });
  }

  async updatePreferences(user: CurrentUser, input: UpdateNotificationPreferencesInput): Promise<void> {
    await this.directory.setEmailMode(user, input.emailMode);
  }

  async webhooks(user: CurrentUser): Promise<WebhookType[]> {
    return (await this.repository.listWebhooks(user.authorityId)).map(webhookFrom);
  }

  /** Newest first. */
  async deliveries(
    user: CurrentUser,
    filter: NotificationDeliveryFilter | null | undefined,
    first: number | null | undefined,
  ): Promise<NotificationDeliveryType[]> {
    const rows = await this.repository.listDeliveries(
      user.authorityId,
      { channel: filter?.channel ?? null, status: filter?.status ?? null, webhookId: filter?.webhookId ?? null },
      pageSize(first),
    );
    return rows.map(deliveryFrom);
  }
}
