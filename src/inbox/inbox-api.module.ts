import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { EscalationsModule } from '../escalations/escalations.module';
import { InboxConferenceResolver } from './inbox-conference.resolver';
import { InboxReader } from './inbox.reader';
import { InboxResolver } from './inbox.resolver';
import { ClockModule } from '../clock/clock.module';
import { ReadPool } from '../common/read-pool';

/** myInbox and inboxItemAdded: kept apart from InboxModule, which escalations itself imports. */
@Module({
  imports: [ActionsModule, EscalationsModule, ConferencesModule, ClockModule],
  providers: [ReadPool, InboxReader, InboxResolver, InboxConferenceResolver],
})
export class InboxApiModule {}
