import { Module } from '@nestjs/common';
import { Section47ConferenceResolver } from './section47-conference.resolver';
import { ActionsModule } from '../actions/actions.module';
import { PlansModule } from '../plans/plans.module';
import { ConferenceFamilyResolver } from './conference-family.resolver';
import { ConferenceFamilyService } from './conference-family.service';
import { InquorateConferences } from './inquorate-conferences';
import { ConferenceMinutesSweep } from './conference-minutes-sweep';
import { ConferenceHeldService } from './conference-held.service';
import { ConferenceLoaders } from './conference.loaders';
import { ConferenceQueries } from './conference.queries';
import { ChildConferencesResolver, ChildParticipationResolver, ConferenceOutcomeResolver, ConferenceResolver } from './conference.resolver';
import { ConferenceService } from './conference.service';
import { ReviewDueDates } from './review-due-dates';
import { ReviewMembership } from './review-membership';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { InboxModule } from '../notifications/inbox.module';
import { PolicyModule } from '../auth/policy.module';
import { WorkflowModule } from '../workflow/workflow.module';

/** Conferences (requested, scheduled, held, cancelled), their outcomes, and the reviews they request. */
@Module({
  imports: [PlansModule, ActionsModule, AuditModule, ClockModule, DirectoryModule, IdempotencyModule, InboxModule, PolicyModule, WorkflowModule],
  providers: [ConferenceService, ConferenceHeldService, ConferenceQueries, ConferenceLoaders, ReviewDueDates, ReviewMembership, ConferenceResolver, ChildConferencesResolver, ConferenceOutcomeResolver, ChildParticipationResolver, Section47ConferenceResolver,
    InquorateConferences, ConferenceFamilyService, ConferenceFamilyResolver, ConferenceMinutesSweep],
  exports: [ConferenceService, ConferenceLoaders, ConferenceMinutesSweep],
})
export class ConferencesModule {}
