import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ConversationLoaders } from './conversation.loaders';
import { ConversationResolver } from './conversation.resolver';
import { ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { PolicyModule } from '../auth/policy.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReadPool } from '../common/read-pool';

@Module({
  imports: [ActionsModule, AuditModule, ClockModule, DirectoryModule, IdempotencyModule, PolicyModule, WorkflowModule],
  providers: [ReadPool, ConversationService, ConversationRepository, ConversationLoaders, ConversationResolver],
  exports: [ConversationService, ConversationLoaders],
})
export class ConversationsModule {}
