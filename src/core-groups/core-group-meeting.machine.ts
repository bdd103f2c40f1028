import { defineMachine } from '../workflow/machine';

/** A core group meeting: scheduled, then held or cancelled. */
export const coreGroupMeetingMachine = defineMachine<'SCHEDULED' | 'HELD' | 'CANCELLED', 'hold' | 'cancel'>({
  entity: 'CoreGroupMeeting',
  table: 'core_group_meeting',
  statuses: ['SCHEDULED', 'HELD', 'CANCELLED'],
  initial: 'SCHEDULED',
  transitions: {
    hold: { from: ['SCHEDULED'], to: 'HELD', action: 'CORE_GROUP_MEETING_HELD' },
    cancel: { from: ['SCHEDULED'], to: 'CANCELLED', action: 'CORE_GROUP_MEETING_CANCELLED' },
  },
});
