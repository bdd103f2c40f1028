import { CASE_AUDIT_GRADES } from './case-audit.types';

/**
 * Case audit facts for the performance statement (src/reporting/performance.sql.ts), in its fact
 * row shape (team, chair, measure, num, den, val) and parameters ($1 authority, $2 from, $3 to,
 * $4 today). An audit counts for its child's team, and for its auditor as a chair when the
 * auditor holds that role.
 */
export const CASE_AUDIT_FACTS = `
  -- case audits done in the period (by auditedOn), one measure per grade
  SELECT ch.team_id, CASE WHEN 'CHAIR' = ANY(s.roles) THEN ca.auditor_id END, 'ca_grade_' || ca.grade, 1, 1, NULL
  FROM case_audit ca JOIN child ch ON ch.authority_id = ca.authority_id AND ch.id = ca.child_id JOIN staff_member s ON s.authority_id = ca.authority_id AND s.id = ca.auditor_id
  WHERE ca.authority_id = $1 AND ca.audited_on BETWEEN $2 AND $3
  UNION ALL
  -- the actions of the case audits done in the period (by auditedOn), DOMAIN.md: on time when completed on or before
  -- dueBy; an action still open counts as not on time once its due date has passed (before today), and is left out
  -- while it is still in time; a cancelled action is left out
  SELECT ch.team_id, CASE WHEN 'CHAIR' = ANY(s.roles) THEN ca.auditor_id END, 'ca_completed', (a.status = 'COMPLETED' AND a.completed_on <= a.due_by)::int, 1, NULL
  FROM action a JOIN case_audit ca ON ca.authority_id = a.authority_id AND ca.id = a.subject_id JOIN child ch ON ch.authority_id = a.authority_id AND ch.id = a.child_id JOIN staff_member s ON s.authority_id = ca.authority_id AND s.id = ca.auditor_id
  WHERE a.authority_id = $1 AND a.subject_type = 'CaseAudit' AND ca.audited_on BETWEEN $2 AND $3
    AND (a.status = 'COMPLETED' OR (a.status = 'OPEN' AND a.due_by < $4::date))
  UNION ALL
  -- agreed case audits with an action still open that was overdue at the end of the period (or today, if sooner)
  SELECT ch.team_id, CASE WHEN 'CHAIR' = ANY(s.roles) THEN ca.auditor_id END, 'ca_overdue', 1, 1, NULL
  FROM case_audit ca JOIN child ch ON ch.authority_id = ca.authority_id AND ch.id = ca.child_id JOIN staff_member s ON s.authority_id = ca.authority_id AND s.id = ca.auditor_id
  WHERE ca.authority_id = $1 AND ca.status = 'AGREED'
    AND EXISTS (SELECT 1 FROM action a WHERE a.authority_id = $1 AND a.subject_type = 'CaseAudit' AND a.subject_id = ca.id
                AND a.status = 'OPEN' AND a.due_by < least($3::date + 1, $4::date))`;

/** The four grade counts, best first, from the measures' (name -> count) lookup. */
export const caseAuditsByGrade = (count: (measure: string) => number): number[] =>
  CASE_AUDIT_GRADES.map((g) => count(`ca_grade_${g}`));
