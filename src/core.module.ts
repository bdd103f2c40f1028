import { Global, Module } from '@nestjs/common';
import { AuditHistory } from './audit/audit-history';
import { AuditResolver } from './audit/audit.resolver';
import { AuditService } from './audit/audit.service';
import { CallerDirectory } from './auth/caller-directory';
import { PolicyService } from './auth/policy.service';
import { TeamDirectory } from './auth/team-directory';
import { ClockModule } from './clock/clock.module';
import { CalendarResolver } from './directory/calendar.resolver';
import { AuditActorResolver } from './directory/audit-actor.resolver';
import { AuthoritySettingsService } from './directory/authority-settings.service';
import { BirthHooks } from './directory/birth-hooks';
import { ChildRepository } from './directory/child.repository';
import { DirectoryLoaders } from './directory/directory.loaders';
import { DirectoryRepository } from './directory/directory.repository';
import { ChildResolver, StaffMemberResolver, TeamResolver } from './directory/directory.resolver';
import { DirectoryService } from './directory/directory.service';
import { CommandRunner } from './idempotency/command-runner';
import { InboxModule } from './notifications/inbox.module';
import { WorkflowService } from './workflow/workflow.service';

const SHARED = [AuditService, AuditHistory, WorkflowService, CommandRunner, PolicyService, DirectoryService, DirectoryLoaders, AuthoritySettingsService, BirthHooks, ChildRepository, DirectoryRepository];

/** The mechanisms every workflow module uses, one copy each: audit, engine, idempotency, policy, directory. */
@Global()
@Module({
  // InboxModule binds the InboxAlerts port that domain modules use (they do not import src/notifications).
  imports: [ClockModule, InboxModule],
  providers: [...SHARED, { provide: CallerDirectory, useExisting: DirectoryService }, { provide: TeamDirectory, useExisting: DirectoryRepository }, AuditResolver, AuditActorResolver, CalendarResolver, StaffMemberResolver, TeamResolver, ChildResolver],
  exports: [...SHARED, CallerDirectory, TeamDirectory, ClockModule, InboxModule],
})
export class CoreModule {}
