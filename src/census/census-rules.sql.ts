// Census rules added by issue 14 (DfE rule numbers as data-to-insight/csc-validator-be-cin implements
// them), appended to VALIDATION_SQL. Parameters as there: $1 authority, $2 1 April, $3 31 March.

/** 8925: a plan does not end before it starts. 8740/8675Q: an s47 enquiry with no ICPC and no outcome (N00111). */
export const ISSUE_14_RULES = (plansInYear: string) => `
UNION ALL
SELECT ch.id, ch.case_reference, 'PLAN_ENDS_BEFORE_START', p.id, ARRAY['N00115', 'N00105'],
       'CPPendDate ' || p.end_date || ' is before CPPstartDate ' || p.start_date
FROM child_protection_plan p JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id
WHERE ${plansInYear} AND p.end_date < p.start_date
UNION ALL
SELECT ch.id, ch.case_reference, 'S47_WITHOUT_ICPC_OR_OUTCOME', e.id, ARRAY['N00148', 'N00110', 'N00111'],
       'the section 47 enquiry started ' || e.started_on || ' has no initial conference and no outcome (ICPCnotRequired)'
FROM section47_enquiry e JOIN child ch ON ch.authority_id = e.authority_id AND ch.id = e.child_id LEFT JOIN conference c ON c.authority_id = e.authority_id AND c.id = e.conference_id
WHERE e.authority_id = $1 AND e.started_on BETWEEN $2 AND $3 AND e.outcome IS NULL
  AND (c.id IS NULL OR c.status = 'CANCELLED')`;

/** Section 47 enquiries started in the year that no (uncancelled) ICPC considered: N00148 and N00111 ICPCnotRequired. */
export const ENQUIRIES_WITHOUT_ICPC_SQL = `
SELECT e.id, e.child_id, e.started_on::text AS started_on, e.outcome
FROM section47_enquiry e LEFT JOIN conference c ON c.authority_id = e.authority_id AND c.id = e.conference_id
WHERE e.authority_id = $1 AND e.started_on BETWEEN $2 AND $3 AND (c.id IS NULL OR c.status = 'CANCELLED')
ORDER BY e.started_on, e.id`;
