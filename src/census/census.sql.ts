import { ISSUE_14_RULES } from './census-rules.sql';

// The Children in Need census, child protection items (DOMAIN.md "Reference codes"), for a census
// year: $1 authority, $2 first day (1 April), $3 last day (31 March). All rows and all checks are SQL.

/** N00148 S47ActualStartDate, N00109 InitialCPCtarget, N00110 DateOfInitialCPC: one row per child of an ICPC in the year. */
export const SECTION47_SQL = `
SELECT c.id AS conference_id, ch.id AS child_id, ch.case_reference, c.strategy_discussion_date::text AS s47, c.due_by::text AS target,
       -- 8715: an ICPC held after 31 March belongs to the next year's return, not this one
       CASE WHEN c.status = 'HELD' AND c.held_on <= $3 THEN c.held_on::text END AS icpc
FROM conference c JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id JOIN child ch ON ch.authority_id = cc.authority_id AND ch.id = cc.child_id
WHERE c.authority_id = $1 AND c.type = 'INITIAL' AND c.status <> 'CANCELLED'
  AND (c.strategy_discussion_date BETWEEN $2 AND $3 OR c.held_on BETWEEN $2 AND $3)
ORDER BY ch.case_reference, c.strategy_discussion_date, c.id`;

// Census category codes (N00113, N00114).
const CODE = (col: string) =>
  `CASE ${col} WHEN 'NEGLECT' THEN 'NEG' WHEN 'PHYSICAL_ABUSE' THEN 'PHY' WHEN 'EMOTIONAL_ABUSE' THEN 'EMO' WHEN 'SEXUAL_ABUSE' THEN 'SAB' WHEN 'MULTIPLE' THEN 'MUL' END`;

/** N00105, N00115, N00113, N00114, N00106 and the N00116 review dates, per plan open at any time in the year. */
export const PLANS_SQL = `
SELECT p.id AS plan_id, ch.id AS child_id, ch.case_reference, p.start_date::text AS start_date,
       CASE WHEN p.end_date <= $3 THEN p.end_date::text END AS end_date,
       ${CODE('p.initial_category')} AS initial_category, ${CODE('p.category')} AS latest_category,
       (SELECT count(*) FROM child_protection_plan q WHERE q.authority_id = p.authority_id AND q.child_id = p.child_id AND q.start_date < p.start_date)::int AS previous_plans,
       ARRAY(SELECT c.held_on::text FROM conference_child cc JOIN conference c ON c.authority_id = cc.authority_id AND c.id = cc.conference_id
             WHERE cc.authority_id = p.authority_id AND cc.plan_id = p.id AND c.type = 'REVIEW' AND c.status = 'HELD' AND c.held_on BETWEEN $2 AND $3 ORDER BY c.held_on) AS reviews
FROM child_protection_plan p JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id
WHERE p.authority_id = $1 AND p.start_date <= $3 AND (p.end_date IS NULL OR p.end_date >= $2)
ORDER BY ch.case_reference, p.start_date, p.id`;

const PLANS_IN_YEAR = `p.authority_id = $1 AND p.start_date <= $3 AND (p.end_date IS NULL OR p.end_date >= $2)`;

/** The census rules the data must never break; each violation names the child, the rule and the items. */
export const VALIDATION_SQL = `
SELECT ch.id AS child_id, ch.case_reference, 'ICPC_BEFORE_S47_START' AS rule, c.id AS record_id, ARRAY['N00110', 'N00148'] AS items,
       'DateOfInitialCPC ' || c.held_on || ' is before S47ActualStartDate ' || c.strategy_discussion_date AS message
FROM conference c JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id JOIN child ch ON ch.authority_id = cc.authority_id AND ch.id = cc.child_id
WHERE c.authority_id = $1 AND c.type = 'INITIAL' AND c.status = 'HELD' AND c.held_on < c.strategy_discussion_date
  AND (c.strategy_discussion_date BETWEEN $2 AND $3 OR c.held_on BETWEEN $2 AND $3)
UNION ALL
SELECT ch.id, ch.case_reference, 'ICPC_AT_WEEKEND', c.id, ARRAY['N00110'], 'DateOfInitialCPC ' || c.held_on || ' is a ' || trim(to_char(c.held_on, 'Day'))
FROM conference c JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id JOIN child ch ON ch.authority_id = cc.authority_id AND ch.id = cc.child_id
WHERE c.authority_id = $1 AND c.type = 'INITIAL' AND c.status = 'HELD' AND extract(isodow FROM c.held_on) >= 6 AND c.held_on BETWEEN $2 AND $3
UNION ALL
SELECT ch.id, ch.case_reference, 'PLAN_START_NOT_ICPC_DATE', p.id, ARRAY['N00105', 'N00110'],
       'CPPstartDate ' || p.start_date || ' is not the date of the conference that started the plan, ' || coalesce(c.held_on::text, 'not held')
FROM child_protection_plan p JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id JOIN conference c ON c.authority_id = p.authority_id AND c.id = p.started_by_conference_id
WHERE ${PLANS_IN_YEAR} AND c.held_on IS DISTINCT FROM p.start_date
UNION ALL
SELECT ch.id, ch.case_reference, 'PLAN_STARTS_AND_ENDS_SAME_DAY', p.id, ARRAY['N00105', 'N00115'], 'CPPstartDate and CPPendDate are both ' || p.start_date
FROM child_protection_plan p JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id
WHERE ${PLANS_IN_YEAR} AND p.end_date = p.start_date
UNION ALL
SELECT ch.id, ch.case_reference, 'REVIEW_NOT_AFTER_PLAN_START', c.id, ARRAY['N00116', 'N00105'],
       'CPPreviewDate ' || c.held_on || ' is not after CPPstartDate ' || p.start_date
FROM child_protection_plan p JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id
JOIN conference_child cc ON cc.authority_id = p.authority_id AND cc.plan_id = p.id JOIN conference c ON c.authority_id = cc.authority_id AND c.id = cc.conference_id AND c.type = 'REVIEW' AND c.status = 'HELD'
WHERE ${PLANS_IN_YEAR} AND c.held_on <= p.start_date
UNION ALL
SELECT ch.id, ch.case_reference, 'OVERLAPPING_PLANS', q.id, ARRAY['N00105', 'N00115'],
       'the plan from ' || q.start_date || ' starts before the plan from ' || p.start_date || ' ends (' || coalesce(p.end_date::text, 'still open') || ')'
FROM child_protection_plan p JOIN child_protection_plan q ON q.authority_id = p.authority_id AND q.child_id = p.child_id AND q.id <> p.id
  -- 8940 is inclusive: a plan starting on the day another ends overlaps it
  AND (q.start_date, q.id) > (p.start_date, p.id) AND q.start_date <= coalesce(p.end_date, 'infinity'::date)
JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id
WHERE ${PLANS_IN_YEAR}${ISSUE_14_RULES(PLANS_IN_YEAR)}
ORDER BY 2, 3, 4`;
