import { Module } from '@nestjs/common';
import { Section47ConferenceResolver } from './section47-conference.resolver';
import { ActionsModule } from '../actions/actions.module';
import { PlansModule } from '../plans/plans.module';
import { Section47Module } from '../section47/section47.module';
import { ConferenceFamilyResolver } from './conference-family.resolver';
import { ConferenceFamilyService } from './conference-family.service';
import { InquorateConferences } from './inquorate-conferences';
import { ConferenceMinutesSweep } from './conference-minutes-sweep';
import { ConferenceHeldService } from './conference-held.service';
import { ConferenceLoaders } from './conference.loaders';
import { ConferenceQueries } from './conference.queries';
import {
  ChildConferencesResolver,
  ChildParticipationResolver,
  ConferenceConnectionResolver,
  ConferenceOutcomeResolver,
  ConferenceResolver,
} from './conference.resolver';
import { ConferenceRepository } from './conference.repository';
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
import { ReadPool } from '../common/read-pool';

/** Conferences (requested, scheduled, held, cancelled), their outcomes, and the reviews they request. */
@Module({
  imports: [
    PlansModule,
    ActionsModule,
    Section47Module,
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
    ConferenceRepository,
    ConferenceService,
    ConferenceHeldService,
    ConferenceQueries,
    ConferenceLoaders,
    ReviewDueDates,
    ReviewMembership,
    ConferenceResolver,
    ConferenceConnectionResolver,
    ChildConferencesResolver,
    ConferenceOutcomeResolver,
    ChildParticipationResolver,
    Section47ConferenceResolver,
    InquorateConferences,
    ConferenceFamilyService,
    ConferenceFamilyResolver,
    ConferenceMinutesSweep,
  ],
  exports: [ConferenceRepository, ConferenceService, ConferenceLoaders, ConferenceMinutesSweep],
})
export class ConferencesModule {}
