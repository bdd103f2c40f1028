import { registerEnumType } from '@nestjs/graphql';

/** The kinds of inbox item that webhooks can subscribe to (the `kind` of an inbox notice). */
export enum NotificationEventType {
  STAGE_OPENED = 'STAGE_OPENED',
  STAGE_RESPONDED = 'STAGE_RESPONDED',
  STAGE_BREACHED = 'STAGE_BREACHED',
  ACTION_OVERDUE = 'ACTION_OVERDUE',
  DRIFT = 'DRIFT',
  ADVOCACY_GAP = 'ADVOCACY_GAP',
  WEBHOOK_DISABLED = 'WEBHOOK_DISABLED',
  CASE_AUDIT_AWAITING_AGREEMENT = 'CASE_AUDIT_AWAITING_AGREEMENT',
  CASE_AUDIT_AGREEMENT_OVERDUE = 'CASE_AUDIT_AGREEMENT_OVERDUE',
  CASE_AUDIT_ACTION_AGREED = 'CASE_AUDIT_ACTION_AGREED',
  CASE_AUDIT_ACTION_OVERDUE = 'CASE_AUDIT_ACTION_OVERDUE',
  CONFERENCE_MINUTES_DUE = 'CONFERENCE_MINUTES_DUE',
  CONFERENCE_MINUTES_OVERDUE = 'CONFERENCE_MINUTES_OVERDUE',
}
registerEnumType(NotificationEventType, {
  name: 'NotificationEventType',
  description: 'the kind of inbox item an email or webhook delivery announces',
});

/**
 * What an email says an item is. Emails leave the authority's systems, so they are worded from
 * the item's kind alone: never the inbox `reason`, which may name a child or quote case details.
 */
const HEADLINES: Record<string, string> = {
  STAGE_OPENED: 'An escalation is awaiting your response',
  STAGE_RESPONDED: 'An escalation you raised has a response: resolve it or escalate it',
  STAGE_BREACHED: 'An escalation stage was not responded to in time: decide whether to escalate',
  ACTION_OVERDUE: 'An action you own is overdue',
  DRIFT: 'A child protection plan you chair is drifting',
  ADVOCACY_GAP: 'A child has no advocate offer on record before their conference',
  WEBHOOK_DISABLED: 'A webhook kept failing and has been disabled',
  CASE_AUDIT_AWAITING_AGREEMENT: 'A case audit of your team is awaiting your agreement',
  CASE_AUDIT_AGREEMENT_OVERDUE: 'A case audit was not agreed by its due date',
  CASE_AUDIT_ACTION_AGREED: 'A case audit action is now yours to complete',
  CASE_AUDIT_ACTION_OVERDUE: 'An action agreed from a case audit is overdue',
  CONFERENCE_MINUTES_DUE: 'The minutes of a conference you chaired are due to be distributed',
  CONFERENCE_MINUTES_OVERDUE: 'The minutes of a conference you chaired were not distributed by their due date',
};

export const headlineFor = (kind: string): string => HEADLINES[kind] ?? 'You have a new item in your inbox';
