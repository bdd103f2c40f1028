import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { EscalationsModule } from '../escalations/escalations.module';
import { InboxReader } from './inbox.reader';
import { InboxResolver } from './inbox.resolver';

/** myInbox and inboxItemAdded: kept apart from InboxModule, which escalations itself imports. */
@Module({
  imports: [ActionsModule, EscalationsModule],
  providers: [InboxReader, InboxResolver],
})
export class InboxApiModule {}
