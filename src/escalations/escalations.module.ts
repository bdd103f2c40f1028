import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { EscalationBreaches } from './escalation-breaches';
import { EscalationStages } from './escalation-stages';
import { EscalationLoaders } from './escalation.loaders';
import { EscalationQueries } from './escalation.queries';
import { EscalationRepository } from './escalation.repository';
import {
  ChildEscalationsResolver,
  ConversationEscalationResolver,
  EscalationConnectionResolver,
  EscalationResolver,
  EscalationStageResolver,
} from './escalation.resolver';
import { EscalationService } from './escalation.service';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { InboxModule } from '../notifications/inbox.module';
import { PolicyModule } from '../auth/policy.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReadPool } from '../common/read-pool';

@Module({
  imports: [
    ActionsModule,
    ConversationsModule,
    ConferencesModule,
    AuditModule,
    ClockModule,
    DirectoryModule,
    IdempotencyModule,
    InboxModule,
    PolicyModule,
    WorkflowModule,
  ],
  providers: [
    ReadPool,
    EscalationRepository,
    EscalationService,
    EscalationBreaches,
    EscalationStages,
    EscalationQueries,
    EscalationLoaders,
    EscalationResolver,
    EscalationConnectionResolver,
    EscalationStageResolver,
    ChildEscalationsResolver,
    ConversationEscalationResolver,
  ],
  exports: [
    EscalationRepository,
    EscalationService,
    EscalationBreaches,
    EscalationLoaders,
    EscalationStages,
    EscalationQueries,
  ],
})
export class EscalationsModule {}
