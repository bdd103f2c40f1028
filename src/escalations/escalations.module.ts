import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { EscalationBreaches } from './escalation-breaches';
import { EscalationStages } from './escalation-stages';
import { EscalationLoaders } from './escalation.loaders';
import { EscalationQueries } from './escalation.queries';
import { EscalationRepository } from './escalation.repository';
import { ChildEscalationsResolver, ConversationEscalationResolver, EscalationConnectionResolver, EscalationResolver, EscalationStageResolver } from './escalation.resolver';
import { EscalationService } from './escalation.service';

@Module({
  imports: [ActionsModule, ConversationsModule, ConferencesModule],
  providers: [EscalationRepository, EscalationService, EscalationBreaches, EscalationStages, EscalationQueries, EscalationLoaders, EscalationResolver, EscalationConnectionResolver, EscalationStageResolver, ChildEscalationsResolver, ConversationEscalationResolver],
  exports: [EscalationRepository, EscalationService, EscalationBreaches, EscalationLoaders, EscalationStages, EscalationQueries],
})
export class EscalationsModule {}
