import { Agency, AgencyAttendanceRateType } from './conference-attendance';

/**
 * Issue 18 facts for the performance statement (src/reporting/performance.sql.ts), in its fact row
 * shape (team, chair, measure, num, den, val) and parameters ($1 authority, $2 from, $3 to).
 * Conferences held in the period, inquorate ones included unless said otherwise (DOMAIN.md).
 */
export const MULTI_AGENCY_FACTS = `
  -- conferences held in the period with attendance recorded; numerator: quorate
  SELECT c.team_id, c.chair_id, 'quorate', c.quorate::int, 1, NULL
  FROM conference c WHERE c.authority_id = $1 AND c.status IN ('HELD', 'INQUORATE') AND c.held_on BETWEEN $2 AND $3 AND c.quorate IS NOT NULL
  UNION ALL
  -- one row per agency named in a held conference's attendance; numerator: attended
  SELECT c.team_id, c.chair_id, 'agency_' || (a.value->>'agency'), (a.value->>'attended')::boolean::int, 1, NULL
  FROM conference c CROSS JOIN LATERAL jsonb_array_elements(c.attendance) a
  WHERE c.authority_id = $1 AND c.status IN ('HELD', 'INQUORATE') AND c.held_on BETWEEN $2 AND $3 AND c.attendance IS NOT NULL
  UNION ALL
  -- conferences held in the period; on time when the report reached the family by its due date (no record: not on time)
  SELECT c.team_id, c.chair_id, 'report_on_time', coalesce(c.report_shared_with_family_on <= c.report_shared_due_by, false)::int, 1, NULL
  FROM conference c WHERE c.authority_id = $1 AND c.status IN ('HELD', 'INQUORATE') AND c.held_on BETWEEN $2 AND $3
  UNION ALL
  -- conferences held (not inquorate: a reconvened one owes no minutes); on time when distributed by the due date
  SELECT c.team_id, c.chair_id, 'minutes_on_time', coalesce(c.minutes_distributed_on <= c.minutes_due_by, false)::int, 1, NULL
  FROM conference c WHERE c.authority_id = $1 AND c.status = 'HELD' AND c.held_on BETWEEN $2 AND $3`;

/** Attendance by agency, in the enum's order, for the agencies named at least once. */
export function agencyAttendance(
  row: (measure: string) => { num: number; den: number } | undefined,
): AgencyAttendanceRateType[] {
  return Object.values(Agency).flatMap((agency) => {
    const r = row(`agency_${agency}`);
    return r?.den ? [{ agency, invited: r.den, attended: r.num }] : [];
  });
}
