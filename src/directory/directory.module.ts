import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CallerDirectory } from '../auth/caller-directory';
import { PolicyModule } from '../auth/policy.module';
import { TeamDirectory } from '../auth/team-directory';
import { ClockModule } from '../clock/clock.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { AuditActorResolver } from './audit-actor.resolver';
import { AuthoritySettingsService } from './authority-settings.service';
import { AuthorityProcedureSettingsResolver } from './authority-procedure-settings.resolver';
import { AuthorityProcedureSettingsService } from './authority-procedure-settings.service';
import { BirthHooks } from './birth-hooks';
import { CalendarResolver } from './calendar.resolver';
import { ChildRepository } from './child.repository';
import { DirectoryLoaders } from './directory.loaders';
import { DirectoryRepository } from './directory.repository';
import { ChildResolver, StaffMemberResolver, TeamResolver } from './directory.resolver';
import { DirectoryService } from './directory.service';
import { ReadPool } from '../common/read-pool';

const EXPORTED = [
  DirectoryService,
  DirectoryLoaders,
  DirectoryRepository,
  ChildRepository,
  AuthoritySettingsService,
  BirthHooks,
];

/** Authorities, staff, teams and children; binds the auth ports (CallerDirectory, TeamDirectory). */
@Module({
  imports: [ClockModule, AuditModule, WorkflowModule, IdempotencyModule, PolicyModule],
  providers: [
    ReadPool,
    ...EXPORTED,
    { provide: CallerDirectory, useExisting: DirectoryService },
    { provide: TeamDirectory, useExisting: DirectoryRepository },
    AuditActorResolver,
    CalendarResolver,
    StaffMemberResolver,
    TeamResolver,
    ChildResolver,
    AuthorityProcedureSettingsService,
    AuthorityProcedureSettingsResolver,
  ],
  exports: [...EXPORTED, CallerDirectory, TeamDirectory],
})
export class DirectoryModule {}
