import { AdvocateOffer } from '../advocacy/advocate-offer.entity';
import { Action } from '../actions/action.entity';
import { AuditChainHead, AuditCheckpointRecord, AuditEvent, AuditMerkleNode } from '../audit/audit-event.entity';
import { Authority } from '../directory/authority.entity';
import { Child } from '../directory/child.entity';
import { StaffMember } from '../directory/staff-member.entity';
import { Team } from '../directory/team.entity';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { Conversation } from '../conversations/conversation.entity';
import { Escalation, EscalationReferenceCounter, EscalationStage } from '../escalations/escalation.entity';
import { InboxAlert } from '../notifications/inbox-alert.entity';
import { Conference, ConferenceChild } from '../conferences/conference.entity';
import { ChildProtectionPlan } from '../plans/plan.entity';
import { ActionProgress, CoreGroup, CoreGroupMeeting } from '../core-groups/core-group.entity';
import { NotificationDelivery } from '../notifications/notification-delivery.entity';
import { Webhook } from '../notifications/webhook.entity';
import { CaseAudit } from '../case-audits/case-audit.entity';
import { Section47Enquiry, StrategyDiscussion } from '../section47/section47.entity';
import { ImportReference } from '../import/import-reference.entity';

/** Every entity of the service, in one list for the app, the scripts and the tests. One per line. */
export const ENTITIES: Function[] = [
  Authority,
  StaffMember,
  Team,
  Child,
  AuditEvent,
  AuditChainHead,
  AuditMerkleNode,
  AuditCheckpointRecord,
  IdempotencyKey,
  OutboxMessage,
  Action,
  Conversation,
  Escalation,
  EscalationStage,
  EscalationReferenceCounter,
  InboxAlert,
  AdvocateOffer,
  Conference,
  ConferenceChild,
  ChildProtectionPlan,
  CoreGroup,
  CoreGroupMeeting,
  ActionProgress,
  NotificationDelivery,
  Webhook,
  CaseAudit,
  StrategyDiscussion,
  Section47Enquiry,
  ImportReference,
];
