import { Module } from '@nestjs/common';
import { InboxAlerts } from '../common/inbox-alerts';
import { InboxService } from './inbox.service';
import { OutboxPublisher } from '../notifications/outbox-publisher';

/** Inbox alerts (for any module) and the outbox publisher that feeds the live inbox. */
@Module({
  providers: [InboxService, OutboxPublisher, { provide: InboxAlerts, useExisting: InboxService }],
  exports: [InboxService, InboxAlerts],
})
export class InboxModule {}
