import { Type } from '@nestjs/common';
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
