import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { InboxModule } from '../notifications/inbox.module';
import { CaseAuditSweep } from './case-audit-sweep';
import { CaseAuditLoaders } from './case-audit.loaders';
import { CaseAuditQueries } from './case-audit.queries';
import { CaseAuditRepository } from './case-audit.repository';
import { CaseAuditConnectionResolver, CaseAuditProposedActionResolver, CaseAuditResolver, InboxCaseAuditResolver } from './case-audit.resolver';
import { CaseAuditService } from './case-audit.service';

/** Quality assurance: case audits whose agreed actions are followed up (issue 15). */
@Module({
  imports: [ActionsModule, InboxModule],
  providers: [CaseAuditRepository, CaseAuditService, CaseAuditQueries, CaseAuditLoaders, CaseAuditConnectionResolver, CaseAuditResolver, CaseAuditProposedActionResolver, InboxCaseAuditResolver, CaseAuditSweep],
  exports: [CaseAuditSweep, CaseAuditLoaders],
})
export class CaseAuditsModule {}
