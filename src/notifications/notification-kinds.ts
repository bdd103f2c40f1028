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
}
registerEnumType(NotificationEventType, { name: 'NotificationEventType', description: 'the kind of inbox item an email or webhook delivery announces' });

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
};

export const headlineFor = (kind: string): string => HEADLINES[kind] ?? 'You have a new item in your inbox';
