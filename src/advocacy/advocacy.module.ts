import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox/inbox.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { AdvocacyResolver, ChildAdvocacyResolver, ConferenceAdvocacyResolver, ParticipationAdvocacyResolver } from './advocacy.resolver';
import { AdvocacyGaps } from './advocacy-gaps';
import { AdvocacyService } from './advocacy.service';

@Module({ imports: [InboxModule, ConferencesModule], providers: [AdvocacyService, AdvocacyGaps, AdvocacyResolver, ChildAdvocacyResolver, ConferenceAdvocacyResolver, ParticipationAdvocacyResolver], exports: [AdvocacyService, AdvocacyGaps] })
export class AdvocacyModule {}
