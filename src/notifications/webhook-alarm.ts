import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { InboxService } from './inbox.service';
import { DirectoryRepository } from '../directory/directory.repository';
import { NotificationRepository } from './notification.repository';
import { webhookMachine } from './webhook.machine';
import { WorkflowService } from '../workflow/workflow.service';

/**
 * A webhook whose delivery kept failing is disabled, its waiting deliveries are parked, and every
 * ADMIN of the authority is told through the inbox (so by email too), in the worker's transaction.
 */
@Injectable()
export class WebhookAlarm {
  private readonly log = new Logger('Webhooks');

  constructor(
    private readonly workflow: WorkflowService,
    private readonly inbox: InboxService,
    private readonly clock: Clock,
    private readonly repository: NotificationRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  async disable(manager: EntityManager, authorityId: string, webhookId: string, reason: string): Promise<void> {
    // Only an active webhook is disabled (another delivery may have disabled it already).
    if ((await this.repository.lockWebhookStatus(manager, authorityId, webhookId)) !== 'ACTIVE') return;
    const { version } = await this.workflow.transition<{ version: number }>(manager, webhookMachine, {
      id: webhookId,
      authorityId,
      actorId: null,
      operation: 'disable',
      reason,
      set: { disabled_reason: reason },
    });
    await this.repository.parkPendingForWebhook(manager, webhookId);
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
