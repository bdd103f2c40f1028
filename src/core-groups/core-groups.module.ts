import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { CoreGroupLoaders } from './core-group.loaders';
import { CoreGroupRepository } from './core-group.repository';
import { ActionProgressResolver, CoreGroupMeetingResolver, CoreGroupResolver } from './core-group.resolver';
import { CoreGroupService } from './core-group.service';
import { DriftService } from './drift.service';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { InboxModule } from '../notifications/inbox.module';
import { PolicyModule } from '../auth/policy.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReadPool } from '../common/read-pool';

/** Core groups, their meetings, progress against plan actions, and drift. */
@Module({
  imports: [
    ActionsModule,
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
    CoreGroupRepository,
    CoreGroupService,
    CoreGroupLoaders,
    DriftService,
    CoreGroupResolver,
    CoreGroupMeetingResolver,
    ActionProgressResolver,
  ],
  exports: [CoreGroupService, CoreGroupLoaders, DriftService],
})
export class CoreGroupsModule {}
