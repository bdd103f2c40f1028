import { defineMachine } from '../workflow/machine';

/**
 * A child protection plan. `continue` (ACTIVE -> ACTIVE) records a review conference's decision
 * to keep it; `end` closes it at a review or outside one (turned 18, moved, looked after, ...).
 */
export const planMachine = defineMachine<'ACTIVE' | 'ENDED', 'continue' | 'end'>({
  entity: 'ChildProtectionPlan',
  table: 'child_protection_plan',
  statuses: ['ACTIVE', 'ENDED'],
  initial: 'ACTIVE',
  transitions: {
    continue: { from: ['ACTIVE'], to: 'ACTIVE', action: 'CHILD_PROTECTION_PLAN_CONTINUED' },
    end: { from: ['ACTIVE'], to: 'ENDED', action: 'CHILD_PROTECTION_PLAN_ENDED' },
  },
});
