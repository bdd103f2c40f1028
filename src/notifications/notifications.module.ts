import { Module } from '@nestjs/common';
import { InboxModule } from './inbox.module';
import { DeliveryWorker } from './delivery-worker';
import { EmailSender } from './email-sender';
import { NotificationsResolver } from './notifications.resolver';
import { NotificationRepository } from './notification.repository';
import { NotificationsService } from './notifications.service';
import { OutboxFanOut } from './outbox-fan-out';
import { WebhookAlarm } from './webhook-alarm';
import { WebhookSender } from './webhook-sender';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReadPool } from '../common/read-pool';

/** Email and signed webhooks for inbox items, delivered from the outbox (issue 16). */
@Module({
  imports: [InboxModule, AuditModule, ClockModule, DirectoryModule, IdempotencyModule, WorkflowModule],
  providers: [
    ReadPool,
    NotificationRepository,
    OutboxFanOut,
    EmailSender,
    WebhookSender,
    WebhookAlarm,
    DeliveryWorker,
    NotificationsService,
    NotificationsResolver,
  ],
  exports: [DeliveryWorker],
})
export class NotificationsModule {}
