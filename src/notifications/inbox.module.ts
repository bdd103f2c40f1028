import { Module } from '@nestjs/common';
import { InboxAlerts } from '../common/inbox-alerts';
import { InboxAlertRepository } from './inbox-alert.repository';
import { InboxService } from './inbox.service';
import { OutboxPublisher } from './outbox-publisher';
import { WorkflowModule } from '../workflow/workflow.module';

/** Inbox alerts (for any module) and the outbox publisher that feeds the live inbox. */
@Module({
  imports: [WorkflowModule],
  providers: [InboxAlertRepository, InboxService, OutboxPublisher, { provide: InboxAlerts, useExisting: InboxService }],
  exports: [InboxService, InboxAlerts],
})
export class InboxModule {}
