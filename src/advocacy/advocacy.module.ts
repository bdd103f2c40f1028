import { Module } from '@nestjs/common';
import { ConferencesModule } from '../conferences/conferences.module';
import { AdvocacyResolver, ChildAdvocacyResolver, ConferenceAdvocacyResolver, ParticipationAdvocacyResolver } from './advocacy.resolver';
import { AdvocacyLoaders } from './advocacy.loaders';
import { AdvocacyGaps } from './advocacy-gaps';
import { AdvocacyService } from './advocacy.service';

@Module({ imports: [ConferencesModule], providers: [AdvocacyService, AdvocacyGaps, AdvocacyLoaders, AdvocacyResolver, ChildAdvocacyResolver, ConferenceAdvocacyResolver, ParticipationAdvocacyResolver], exports: [AdvocacyService, AdvocacyGaps] })
export class AdvocacyModule {}
