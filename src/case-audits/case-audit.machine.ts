import { defineMachine } from '../workflow/machine';
import { CaseAuditStatus } from './case-audit.entity';

/** A case audit: the child's team manager agrees its actions, the auditor closes it once they are done. */
export const caseAuditMachine = defineMachine<CaseAuditStatus, 'agree' | 'close'>({
  entity: 'CaseAudit',
  table: 'case_audit',
  statuses: ['AWAITING_AGREEMENT', 'AGREED', 'CLOSED'],
  initial: 'AWAITING_AGREEMENT',
  transitions: {
    agree: { from: ['AWAITING_AGREEMENT'], to: 'AGREED', action: 'CASE_AUDIT_AGREED' },
    close: { from: ['AGREED'], to: 'CLOSED', action: 'CASE_AUDIT_CLOSED' },
  },
});
