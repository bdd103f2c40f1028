import { Module } from '@nestjs/common';
import { Section47Loaders } from './section47.loaders';
import { Section47Records } from './section47.records';
import { Section47Repository } from './section47.repository';
import { Section47EnquiryResolver, StrategyDiscussionResolver } from './section47.resolver';
import { Section47Service } from './section47.service';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { PolicyModule } from '../auth/policy.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReadPool } from '../common/read-pool';

/** Strategy discussions and section 47 enquiries (issue 14). */
@Module({
  imports: [AuditModule, ClockModule, DirectoryModule, IdempotencyModule, PolicyModule, WorkflowModule],
  providers: [
    ReadPool,
    Section47Repository,
    Section47Records,
    Section47Service,
    Section47Loaders,
    StrategyDiscussionResolver,
    Section47EnquiryResolver,
  ],
  exports: [Section47Loaders, Section47Records],
})
export class Section47Module {}
