import { Global, Module } from '@nestjs/common';
import { AuditHistory } from './audit/audit-history';
import { AuditResolver } from './audit/audit.resolver';
import { AuditService } from './audit/audit.service';
import { PolicyService } from './auth/policy.service';
import { ClockModule } from './clock/clock.module';
import { CalendarResolver } from './calendar/calendar.resolver';
import { AuthoritySettingsService } from './directory/authority-settings.service';
import { BirthHooks } from './directory/birth-hooks';
import { DirectoryLoaders } from './directory/directory.loaders';
import { ChildResolver, StaffMemberResolver, TeamResolver } from './directory/directory.resolver';
import { DirectoryService } from './directory/directory.service';
import { CommandRunner } from './idempotency/command-runner';
import { WorkflowService } from './workflow/workflow.service';

const SHARED = [AuditService, AuditHistory, WorkflowService, CommandRunner, PolicyService, DirectoryService, DirectoryLoaders, AuthoritySettingsService, BirthHooks];

/** The mechanisms every workflow module uses, one copy each: audit, engine, idempotency, policy, directory. */
@Global()
@Module({
  imports: [ClockModule],
  providers: [...SHARED, AuditResolver, CalendarResolver, StaffMemberResolver, TeamResolver, ChildResolver],
  exports: [...SHARED, ClockModule],
})
export class CoreModule {}
