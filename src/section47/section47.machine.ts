import { defineMachine } from '../workflow/machine';
import { Section47Status } from './section47.entity';

/** A child's section 47 enquiry: open from its strategy discussion until its outcome is recorded. */
export const section47EnquiryMachine = defineMachine<Section47Status, 'recordOutcome'>({
  entity: 'Section47Enquiry',
  table: 'section47_enquiry',
  statuses: ['OPEN', 'OUTCOME_RECORDED'],
  initial: 'OPEN',
  transitions: {
    recordOutcome: { from: ['OPEN'], to: 'OUTCOME_RECORDED', action: 'SECTION47_OUTCOME_RECORDED' },
  },
});
