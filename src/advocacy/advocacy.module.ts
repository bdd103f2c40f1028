import { Module } from '@nestjs/common';
import { ConferencesModule } from '../conferences/conferences.module';
import { AdvocacyResolver, ChildAdvocacyResolver, ConferenceAdvocacyResolver, ParticipationAdvocacyResolver } from './advocacy.resolver';
import { AdvocacyLoaders } from './advocacy.loaders';
import { AdvocacyGaps } from './advocacy-gaps';
import { AdvocacyRepository } from './advocacy.repository';
import { AdvocacyService } from './advocacy.service';

@Module({ imports: [ConferencesModule], providers: [AdvocacyRepository, AdvocacyService, AdvocacyGaps, AdvocacyLoaders, AdvocacyResolver, ChildAdvocacyResolver, ConferenceAdvocacyResolver, ParticipationAdvocacyResolver], exports: [AdvocacyService, AdvocacyGaps] })
export class AdvocacyModule {}
