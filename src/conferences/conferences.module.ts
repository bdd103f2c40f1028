import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { InboxModule } from '../inbox/inbox.module';
import { PlansModule } from '../plans/plans.module';
import { ConferenceFamilyResolver, InboxConferenceResolver } from './conference-family.resolver';
import { ConferenceFamilyService } from './conference-family.service';
import { InquorateConferences } from './inquorate-conferences';
import { ConferenceMinutesSweep } from './conference-minutes-sweep';
import { ConferenceHeldService } from './conference-held.service';
import { ConferenceLoaders } from './conference.loaders';
import { ConferenceQueries } from './conference.queries';
import { ChildConferencesResolver, ChildParticipationResolver, ConferenceOutcomeResolver, ConferenceResolver } from './conference.resolver';
import { ConferenceService } from './conference.service';
import { ReviewDueDates } from './review-due-dates';

/** Conferences (requested, scheduled, held, cancelled), their outcomes, and the reviews they request. */
@Module({
  imports: [PlansModule, ActionsModule, InboxModule],
  providers: [ConferenceService, ConferenceHeldService, ConferenceQueries, ConferenceLoaders, ReviewDueDates, ConferenceResolver, ChildConferencesResolver, ConferenceOutcomeResolver, ChildParticipationResolver,
    InquorateConferences, ConferenceFamilyService, ConferenceFamilyResolver, InboxConferenceResolver, ConferenceMinutesSweep],
  exports: [ConferenceService, ConferenceLoaders, ConferenceMinutesSweep],
})
export class ConferencesModule {}
