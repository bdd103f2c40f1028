import { defineMachine } from '../workflow/machine';
import { ActionStatus } from './action.entity';

/** An action: open until completed (with an outcome) or cancelled (with a reason). */
export const actionMachine = defineMachine<ActionStatus, 'complete' | 'cancel' | 'changeDueDate'>({
  entity: 'Action',
  table: 'action',
  statuses: ['OPEN', 'COMPLETED', 'CANCELLED'],
  initial: 'OPEN',
  transitions: {
    complete: { from: ['OPEN'], to: 'COMPLETED' },
    cancel: { from: ['OPEN'], to: 'CANCELLED' },
    // Not a change of status, but a change that needs the same guard, audit and version.
    changeDueDate: { from: ['OPEN'], to: 'OPEN', action: 'ACTION_DUE_DATE_CHANGED' },
  },
});
