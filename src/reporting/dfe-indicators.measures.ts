/**
 * The DfE's other child protection indicators (DOMAIN.md "The measures an inspector asks for"), as
 * fact rows for performance.sql.ts ($1 authority, $2 from, $3 to, $4 today). A plan counts for its
 * child's team and the chair of the conference that started it.
 */
export const DFE_INDICATOR_FACTS = `
  -- plans started in the period; numerator: the child had a plan that started before this one (second or subsequent time)
  SELECT ch.team_id, sc.chair_id, 'cpp_repeat',
    EXISTS (SELECT 1 FROM child_protection_plan q WHERE q.authority_id = $1 AND q.child_id = p.child_id AND (q.start_date, q.id) < (p.start_date, p.id))::int, 1, NULL
  FROM child_protection_plan p JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id LEFT JOIN conference sc ON sc.authority_id = p.authority_id AND sc.id = p.started_by_conference_id
  WHERE p.authority_id = $1 AND p.start_date BETWEEN $2 AND $3
  UNION ALL
  -- plans ended in the period; numerator: those that had lasted two years or more when they ended
  SELECT ch.team_id, sc.chair_id, 'cpp_2y', (p.end_date >= p.start_date + interval '2 years')::int, 1, NULL
  FROM child_protection_plan p JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id LEFT JOIN conference sc ON sc.authority_id = p.authority_id AND sc.id = p.started_by_conference_id
  WHERE p.authority_id = $1 AND p.end_date BETWEEN $2 AND $3
  UNION ALL
  -- plans open at the end of the period (or today, if sooner) that had lasted 3 months or more by then; numerator: no review
  -- of the plan was held after its due date, and none is still awaited past it
  SELECT ch.team_id, sc.chair_id, 'cpp_reviewed',
    (NOT EXISTS (SELECT 1 FROM conference_child cc JOIN conference r ON r.authority_id = cc.authority_id AND r.id = cc.conference_id
                 -- a held review names the plan; an awaited one names the child only (the plan is set when it is held)
                 WHERE cc.authority_id = p.authority_id AND cc.child_id = p.child_id AND (cc.plan_id = p.id OR (cc.plan_id IS NULL AND r.due_by >= p.start_date)) AND r.type = 'REVIEW'
                   AND ((r.status = 'HELD' AND r.held_on > r.due_by AND r.held_on <= least($3::date, $4::date))
                     OR (r.status IN ('REQUESTED', 'SCHEDULED') AND r.due_by < least($3::date, $4::date)))))::int, 1, NULL
  FROM child_protection_plan p JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id LEFT JOIN conference sc ON sc.authority_id = p.authority_id AND sc.id = p.started_by_conference_id
  WHERE p.authority_id = $1 AND p.start_date + interval '3 months' <= least($3::date, $4::date)
    AND (p.end_date IS NULL OR p.end_date > least($3::date, $4::date))`;
