import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ConversationLoaders } from './conversation.loaders';
import { ConversationResolver } from './conversation.resolver';
import { ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';

@Module({
  imports: [ActionsModule],
  providers: [ConversationService, ConversationRepository, ConversationLoaders, ConversationResolver],
  exports: [ConversationService, ConversationLoaders],
})
export class ConversationsModule {}
