import { Module } from '@nestjs/common';
import { ActionLoaders } from './action.loaders';
import { ActionRepository } from './action.repository';
import { ActionResolver } from './action.resolver';
import { ActionService } from './action.service';
import { OverdueActions } from './overdue-actions';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { InboxModule } from '../notifications/inbox.module';
import { PolicyModule } from '../auth/policy.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReadPool } from '../common/read-pool';

/** The shared action mechanism; conversations, escalations, core groups and audits create actions through ActionService. */
@Module({
  imports: [AuditModule, ClockModule, DirectoryModule, IdempotencyModule, InboxModule, PolicyModule, WorkflowModule],
  providers: [ReadPool, ActionRepository, ActionService, ActionLoaders, OverdueActions, ActionResolver],
  exports: [ActionRepository, ActionService, ActionLoaders, OverdueActions],
})
export class ActionsModule {}
