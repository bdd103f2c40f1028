import { defineMachine } from '../workflow/machine';
import { EscalationStatus } from './escalation.entity';

/**
 * DOMAIN.md, "Its life at each stage": open, acknowledged, responded; then the chair resolves or
 * escalates. Resolving needs a response first (the chair decides on what the manager said); a chair
 * satisfied earlier withdraws instead. Escalating opens the next stage, so the status is OPEN again.
 */
export const escalationMachine = defineMachine<
  EscalationStatus,
  'acknowledge' | 'respond' | 'resolve' | 'escalate' | 'withdraw'
>({
  entity: 'Escalation',
  table: 'escalation',
  statuses: ['OPEN', 'ACKNOWLEDGED', 'RESPONDED', 'RESOLVED', 'WITHDRAWN'],
  initial: 'OPEN',
  transitions: {
    acknowledge: { from: ['OPEN'], to: 'ACKNOWLEDGED' },
    respond: { from: ['OPEN', 'ACKNOWLEDGED'], to: 'RESPONDED' },
    resolve: { from: ['RESPONDED'], to: 'RESOLVED' },
    escalate: { from: ['OPEN', 'ACKNOWLEDGED', 'RESPONDED'], to: 'OPEN' },
    withdraw: { from: ['OPEN', 'ACKNOWLEDGED', 'RESPONDED'], to: 'WITHDRAWN' },
  },
});
