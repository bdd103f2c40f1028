import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { InboxService } from './inbox.service';
import { DirectoryRepository } from '../directory/directory.repository';
import { NotificationRepository } from './notification.repository';

/**
 * A webhook whose delivery kept failing is disabled, its waiting deliveries are parked, and every
 * ADMIN of the authority is told through the inbox (so by email too), in the worker's transaction.
 */
@Injectable()
export class WebhookAlarm {
  private readonly log = new Logger('Webhooks');

  constructor(
    private readonly audit: AuditService,
    private readonly inbox: InboxService,
    private readonly clock: Clock,
    private readonly repository: NotificationRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  async disable(manager: EntityManager, authorityId: string, webhookId: string, reason: string): Promise<void> {
    const version = await this.repository.disableActiveWebhook(manager, authorityId, webhookId, reason);
    if (version === null) return;
    await this.repository.parkPendingForWebhook(manager, webhookId);
    await this.audit.append(manager, { authorityId, actorId: null, entityType: 'Webhook', entityId: webhookId, action: 'WEBHOOK_DISABLED', fromStatus: 'ACTIVE', toStatus: 'DISABLED', reason });
    for (const adminId of await this.directory.adminIds(manager, authorityId)) {
      await this.inbox.alert(manager, {
        authorityId,
        recipientId: adminId,
        kind: 'WEBHOOK_DISABLED',
        reason: `Webhook ${webhookId} was disabled: ${reason}. Fix the receiver, enable it again (setWebhookEnabled) and retry its parked deliveries (retryDelivery).`,
        dueBy: this.clock.today(),
        dedupeKey: `webhook-disabled:${webhookId}:${version}`,
      });
    }
    this.log.warn({ webhookId, reason }, 'webhook disabled; ADMINs told');
  }
}
