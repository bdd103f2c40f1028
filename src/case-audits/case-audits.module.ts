import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { InboxModule } from '../notifications/inbox.module';
import { CaseAuditSweep } from './case-audit-sweep';
import { CaseAuditLoaders } from './case-audit.loaders';
import { CaseAuditQueries } from './case-audit.queries';
import { CaseAuditRepository } from './case-audit.repository';
import {
  CaseAuditConnectionResolver,
  CaseAuditProposedActionResolver,
  CaseAuditResolver,
  InboxCaseAuditResolver,
} from './case-audit.resolver';
import { CaseAuditService } from './case-audit.service';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { PolicyModule } from '../auth/policy.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReadPool } from '../common/read-pool';

/** Quality assurance: case audits whose agreed actions are followed up (issue 15). */
@Module({
  imports: [
    ActionsModule,
    InboxModule,
    AuditModule,
    ClockModule,
    DirectoryModule,
    IdempotencyModule,
    PolicyModule,
    WorkflowModule,
  ],
  providers: [
    ReadPool,
    CaseAuditRepository,
    CaseAuditService,
    CaseAuditQueries,
    CaseAuditLoaders,
    CaseAuditConnectionResolver,
    CaseAuditResolver,
    CaseAuditProposedActionResolver,
    InboxCaseAuditResolver,
    CaseAuditSweep,
  ],
  exports: [CaseAuditSweep, CaseAuditLoaders],
})
export class CaseAuditsModule {}
