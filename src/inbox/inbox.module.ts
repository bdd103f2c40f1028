import { Module } from '@nestjs/common';
import { InboxService } from './inbox.service';
import { OutboxPublisher } from './outbox-publisher';

/** Inbox alerts (for any module) and the outbox publisher that feeds the live inbox. */
@Module({
  providers: [InboxService, OutboxPublisher],
  exports: [InboxService],
})
export class InboxModule {}
