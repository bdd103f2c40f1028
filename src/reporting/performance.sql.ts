import { CASE_AUDIT_FACTS } from '../case-audits/case-audit.measures';
import { DFE_INDICATOR_FACTS } from './dfe-indicators.measures';
import { ENQUIRY_START_MIN, ICPC_CHILDREN, ICPC_FACTS } from '../section47/section47.measures';
import { MULTI_AGENCY_FACTS } from '../conferences/conference-attendance.measures';

/**
 * The inspector's measures (DOMAIN.md, "The measures an inspector asks for") as one statement:
 * every counted thing becomes a fact row (team, chair, measure, numerator 0/1, denominator 1,
 * value), and PostgreSQL sums them. Nothing is counted in Node.
 *
 * Parameters: $1 authority, $2 from, $3 to (both inclusive), $4 today, $5 the weekday bank
 * holidays and closure days (from the calendar module), $6 team filter (null: all),
 * $7 the working days an escalation may take in all (the sum of the authority's stage days, 20).
 *
 * Working days in SQL: `cal` numbers the days from the earliest date needed to `to`, with k = the
 * working days up to and including that day. Then workingDaysBetween(D, E) = k(E) - k(D), and
 * "E within N working days of D" (on or before addWorkingDays(D, N)) is k(E) - k(D) < N, or = N
 * with E itself a working day (DOMAIN.md's convention: D never counts).
 */
const FACTS = `
cal AS (
  SELECT day, working, count(*) FILTER (WHERE working) OVER (ORDER BY day) AS k
  FROM (
    SELECT d::date AS day, (extract(isodow FROM d) < 6 AND d::date <> ALL($5::date[])) AS working
    FROM generate_series(
      least($2::date, (SELECT min(e.raised_on) FROM escalation e WHERE e.authority_id = $1 AND e.status = 'RESOLVED' AND e.closed_on BETWEEN $2 AND $3),
            (SELECT min(least(c.clock_start, ${ENQUIRY_START_MIN})) FROM conference c WHERE c.authority_id = $1 AND c.type = 'INITIAL' AND c.status = 'HELD' AND c.held_on BETWEEN $2 AND $3)),
      $3::date, interval '1 day') AS d
  ) days
),${ICPC_CHILDREN}
facts AS (
${ICPC_FACTS}
  UNION ALL${DFE_INDICATOR_FACTS}
  UNION ALL
  -- reviews held in the period; on time when heldOn <= dueBy
  SELECT c.team_id, c.chair_id, 'review', (c.held_on <= c.due_by)::int, 1, NULL
  FROM conference c WHERE c.authority_id = $1 AND c.type = 'REVIEW' AND c.status = 'HELD' AND c.held_on BETWEEN $2 AND $3
  UNION ALL
  -- first core group meetings held in the period; within timescale when on or before ICPC + 10 working days
  SELECT ch.team_id, ic.chair_id, 'core', (f.held_on <= g.first_meeting_due_by)::int, 1, NULL
  FROM (SELECT DISTINCT ON (mt.core_group_id) mt.core_group_id, mt.held_on FROM core_group_meeting mt
        WHERE mt.authority_id = $1 AND mt.status = 'HELD' ORDER BY mt.core_group_id, mt.held_on, mt.created_at) f
  JOIN core_group g ON g.authority_id = $1 AND g.id = f.core_group_id
  JOIN child_protection_plan p ON p.authority_id = g.authority_id AND p.id = g.plan_id
  JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id
  LEFT JOIN conference ic ON ic.authority_id = p.authority_id AND ic.id = p.started_by_conference_id
  WHERE f.held_on BETWEEN $2 AND $3
  UNION ALL
  -- children (born by then) at conferences held in the period; participating when they attended or their views were shared
  SELECT c.team_id, c.chair_id, 'participation', (coalesce(cc.attended, false) OR coalesce(cc.views_shared, 'NOT_SHARED') <> 'NOT_SHARED')::int, 1, NULL
  FROM conference c JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id JOIN child ch ON ch.authority_id = cc.authority_id AND ch.id = cc.child_id
  WHERE c.authority_id = $1 AND c.status = 'HELD' AND c.held_on BETWEEN $2 AND $3 AND ch.date_of_birth IS NOT NULL AND ch.date_of_birth <= c.held_on
  UNION ALL
  -- children at or above the age threshold on the clock start, at ICPCs and transfer-ins held in the period; offered when
  -- an offer names the conference, or names none and was made between the clock start and the conference (as advocacy-gaps.ts)
  SELECT c.team_id, c.chair_id, 'offered',
    EXISTS (SELECT 1 FROM advocate_offer o WHERE o.authority_id = $1 AND o.child_id = ch.id
            AND (o.conference_id = c.id OR (o.conference_id IS NULL AND o.offered_on BETWEEN c.clock_start AND c.held_on)))::int, 1, NULL
  FROM conference c JOIN authority a ON a.id = c.authority_id JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id JOIN child ch ON ch.authority_id = cc.authority_id AND ch.id = cc.child_id
  WHERE c.authority_id = $1 AND c.type IN ('INITIAL', 'TRANSFER_IN') AND c.status = 'HELD' AND c.held_on BETWEEN $2 AND $3
    AND ch.date_of_birth IS NOT NULL AND ch.date_of_birth <= c.clock_start - make_interval(years => a.advocate_age_threshold)
  UNION ALL
  -- offers made in the period; taken up when accepted (ACCEPTED, ALLOCATED, COMPLETED, or accepted then withdrawn)
  SELECT ch.team_id, c.chair_id, 'takeup',
    (o.status IN ('ACCEPTED', 'ALLOCATED', 'COMPLETED') OR (o.status = 'WITHDRAWN' AND o.responded_on IS NOT NULL AND o.decline_reason IS NULL))::int, 1, NULL
  FROM advocate_offer o JOIN child ch ON ch.authority_id = o.authority_id AND ch.id = o.child_id LEFT JOIN conference c ON c.authority_id = o.authority_id AND c.id = o.conference_id
  WHERE o.authority_id = $1 AND o.offered_on BETWEEN $2 AND $3
  UNION ALL
  -- escalations raised in the period, by the highest stage reached (stages only go up: the current one)
  SELECT ch.team_id, e.raised_by_id, 'stage' || e.stage, 1, 1, NULL
  FROM escalation e JOIN child ch ON ch.authority_id = e.authority_id AND ch.id = e.child_id WHERE e.authority_id = $1 AND e.raised_on BETWEEN $2 AND $3
  UNION ALL
  -- escalations resolved in the period; within timescale when resolved within $7 working days of being raised
  SELECT ch.team_id, e.raised_by_id, 'resolved', (cd.k - cr.k < $7 OR (cd.k - cr.k = $7 AND cd.working))::int, 1, (cd.k - cr.k)::numeric
  FROM escalation e JOIN child ch ON ch.authority_id = e.authority_id AND ch.id = e.child_id JOIN cal cr ON cr.day = e.raised_on JOIN cal cd ON cd.day = e.closed_on
  WHERE e.authority_id = $1 AND e.status = 'RESOLVED' AND e.closed_on BETWEEN $2 AND $3
  UNION ALL
  -- stages whose response fell due in the period and was not given in time
  SELECT ch.team_id, e.raised_by_id, 'breach', 1, 1, NULL
  FROM escalation_stage s JOIN escalation e ON e.authority_id = s.authority_id AND e.id = s.escalation_id JOIN child ch ON ch.authority_id = e.authority_id AND ch.id = e.child_id
  WHERE s.authority_id = $1 AND s.breached AND s.response_due_by BETWEEN $2 AND $3
  UNION ALL
  -- actions still open that were overdue at the end of the period (or today, if sooner)
  SELECT ch.team_id, NULL::uuid, 'overdue', 1, 1, NULL
  FROM action a JOIN child ch ON ch.authority_id = a.authority_id AND ch.id = a.child_id
  WHERE a.authority_id = $1 AND a.status = 'OPEN' AND a.due_by < least($3::date + 1, $4::date)
  UNION ALL
  -- actions completed in the period; on time when completedOn <= dueBy
  SELECT ch.team_id, NULL::uuid, 'completed', (a.completed_on <= a.due_by)::int, 1, NULL
  FROM action a JOIN child ch ON ch.authority_id = a.authority_id AND ch.id = a.child_id
  WHERE a.authority_id = $1 AND a.status = 'COMPLETED' AND a.completed_on BETWEEN $2 AND $3
  UNION ALL
  -- conversations held in the period; numerator: those with an action still open
  SELECT ch.team_id, v.chair_id, 'conversations',
    EXISTS (SELECT 1 FROM action a WHERE a.authority_id = $1 AND a.subject_type = 'Conversation' AND a.subject_id = v.id AND a.status = 'OPEN')::int, 1, NULL
  FROM conversation v JOIN child ch ON ch.authority_id = v.authority_id AND ch.id = v.child_id WHERE v.authority_id = $1 AND v.held_on BETWEEN $2 AND $3
  UNION ALL${CASE_AUDIT_FACTS}
  UNION ALL${MULTI_AGENCY_FACTS}
)`;

export type PerformanceGrouping = 'authority' | 'team' | 'chair';

const KEY: Record<PerformanceGrouping, string> = { authority: 'NULL::uuid', team: 'team_id', chair: 'chair_id' };

/** One row per (key, measure): key null for the authority as a whole. */
export const performanceSql = (by: PerformanceGrouping) => `WITH ${FACTS}
SELECT ${KEY[by]} AS key, m, sum(num)::int AS num, sum(den)::int AS den,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY val) AS median
FROM facts
WHERE ($6::uuid IS NULL OR team_id = $6::uuid)${by === 'chair' ? ' AND chair_id IS NOT NULL' : ''}
GROUP BY ${by === 'authority' ? '' : `${KEY[by]}, `}m`;

export interface MeasureRow {
  key: string | null;
  m: string;
  num: number;
  den: number;
  median: number | null;
}
