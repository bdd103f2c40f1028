import { Type } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { PolicyModule } from './auth/policy.module';
import { ClockModule } from './clock/clock.module';
import { DirectoryModule } from './directory/directory.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { WorkflowModule } from './workflow/workflow.module';
import { AdvocacyModule } from './advocacy/advocacy.module';
import { ActionsModule } from './actions/actions.module';
import { InboxModule } from './notifications/inbox.module';
import { ConversationsModule } from './conversations/conversations.module';
import { EscalationsModule } from './escalations/escalations.module';
import { InboxApiModule } from './inbox/inbox-api.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { ConferencesModule } from './conferences/conferences.module';
import { PlansModule } from './plans/plans.module';
import { CoreGroupsModule } from './core-groups/core-groups.module';
import { ReportingModule } from './reporting/reporting.module';
import { ExportsModule } from './exports/exports.module';
import { CensusModule } from './census/census.module';
import { NotificationsModule } from './notifications/notifications.module';
import { AuditAnchorModule } from './audit/audit-anchor.module';
import { CaseAuditsModule } from './case-audits/case-audits.module';
import { Section47Module } from './section47/section47.module';

/** The mechanisms every workflow module imports explicitly (no module is @Global but metrics). */
export const CORE_MODULES: Type[] = [
  ClockModule,
  AuditModule,
  WorkflowModule,
  IdempotencyModule,
  PolicyModule,
  DirectoryModule,
];

/** The workflow modules, each a domain of DOMAIN.md. One line each: add yours here. */
export const FEATURE_MODULES: Type[] = [
  AdvocacyModule,
  ActionsModule,
  InboxModule,
  ConversationsModule,
  EscalationsModule,
  InboxApiModule,
  SchedulerModule,
  ConferencesModule,
  PlansModule,
  CoreGroupsModule,
  ReportingModule,
  ExportsModule,
  CensusModule,
  NotificationsModule,
  AuditAnchorModule,
  CaseAuditsModule,
  Section47Module,
];
