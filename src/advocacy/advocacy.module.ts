import { Module } from '@nestjs/common';
import { ConferencesModule } from '../conferences/conferences.module';
import {
  AdvocacyResolver,
  ChildAdvocacyResolver,
  ConferenceAdvocacyResolver,
  ParticipationAdvocacyResolver,
} from './advocacy.resolver';
import { AdvocacyLoaders } from './advocacy.loaders';
import { AdvocacyGaps } from './advocacy-gaps';
import { AdvocacyRepository } from './advocacy.repository';
import { AdvocacyService } from './advocacy.service';
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
    AdvocacyRepository,
    AdvocacyService,
    AdvocacyGaps,
    AdvocacyLoaders,
    AdvocacyResolver,
    ChildAdvocacyResolver,
    ConferenceAdvocacyResolver,
    ParticipationAdvocacyResolver,
  ],
  exports: [AdvocacyService, AdvocacyGaps],
})
export class AdvocacyModule {}
