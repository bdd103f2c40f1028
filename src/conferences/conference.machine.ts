import { defineMachine } from '../workflow/machine';

export const CONFERENCE_STATUSES = ['REQUESTED', 'SCHEDULED', 'HELD', 'INQUORATE', 'CANCELLED'] as const;
export type ConferenceStatusName = (typeof CONFERENCE_STATUSES)[number];

/**
 * A conference: requested, scheduled (and perhaps rescheduled), then held or cancelled.
 * hold is from SCHEDULED only: a conference entered after the fact is first scheduled with its
 * past date (CONTRACT.md allows a past scheduledFor), so every held conference names its chair.
 */
export const conferenceMachine = defineMachine<
  ConferenceStatusName,
  'schedule' | 'reschedule' | 'hold' | 'holdInquorate' | 'cancel'
>({
  entity: 'Conference',
  table: 'conference',
  statuses: CONFERENCE_STATUSES,
  initial: 'REQUESTED',
  transitions: {
    schedule: { from: ['REQUESTED'], to: 'SCHEDULED', action: 'CONFERENCE_SCHEDULED' },
    reschedule: { from: ['SCHEDULED'], to: 'SCHEDULED', action: 'CONFERENCE_RESCHEDULED' },
    hold: { from: ['SCHEDULED'], to: 'HELD', action: 'CONFERENCE_HELD' },
    // Issue 18: not quorate and no reason to go ahead: decides nothing, and is reconvened.
    holdInquorate: { from: ['SCHEDULED'], to: 'INQUORATE', action: 'CONFERENCE_INQUORATE' },
    cancel: { from: ['REQUESTED', 'SCHEDULED'], to: 'CANCELLED', action: 'CONFERENCE_CANCELLED' },
  },
});

export const OPEN_CONFERENCE_STATUSES: ConferenceStatusName[] = ['REQUESTED', 'SCHEDULED'];
