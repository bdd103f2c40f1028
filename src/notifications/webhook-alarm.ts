import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { InboxService } from '../inbox/inbox.service';
import { returnedRows } from '../workflow/workflow.service';

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
  ) {}

  async disable(manager: EntityManager, authorityId: string, webhookId: string, reason: string): Promise<void> {
    const [hook] = returnedRows<{ id: string; version: number }>(await manager.query(
      "UPDATE webhook SET status = 'DISABLED', disabled_reason = $3, version = version + 1, updated_at = now() WHERE id = $1 AND authority_id = $2 AND status = 'ACTIVE' RETURNING id, version",
      [webhookId, authorityId, reason],
    ));
    if (!hook) return;
    await manager.query(
      "UPDATE notification_delivery SET status = 'PARKED', last_error = 'webhook disabled', updated_at = now() WHERE webhook_id = $1 AND status = 'PENDING'",
      [webhookId],
    );
    await this.audit.append(manager, { authorityId, actorId: null, entityType: 'Webhook', entityId: webhookId, action: 'WEBHOOK_DISABLED', fromStatus: 'ACTIVE', toStatus: 'DISABLED', reason });
    const admins: { id: string }[] = await manager.query("SELECT id FROM staff_member WHERE authority_id = $1 AND 'ADMIN' = ANY(roles)", [authorityId]);
    for (const admin of admins) {
      await this.inbox.alert(manager, {
        authorityId,
        recipientId: admin.id,
        kind: 'WEBHOOK_DISABLED',
        reason: `Webhook ${webhookId} was disabled: ${reason}. Fix the receiver, enable it again (setWebhookEnabled) and retry its parked deliveries (retryDelivery).`,
        dueBy: this.clock.today(),
        dedupeKey: `webhook-disabled:${webhookId}:${hook.version}`,
      });
    }
    this.log.warn({ webhookId, reason }, 'webhook disabled; ADMINs told');
  }
}
