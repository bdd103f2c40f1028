/**
 * ICPC timeliness as the DfE counts it (DOMAIN.md "Initial conferences, as the DfE counts them"), as
 * fact rows for performance.sql.ts. The unit is each child of an INITIAL conference held in the
 * period, whose s47 start is the start of the child's enquiry that the conference considered (an
 * ICPC recorded before enquiries existed: its clock start). val is the working days from the s47
 * start to the ICPC (k(held) - k(start): the start day never counts); 'icpc' is within 15 when
 * val < 15, or = 15 with the ICPC on a working day. ICPCs dated before the s47 start are left out.
 * The DfE's bands: icpc_b0 0-10, icpc_b1 11-15, icpc_b2 16-20, icpc_b3 21 or more.
 */
export const ICPC_FACTS = `
  SELECT x.team_id, x.chair_id, 'icpc' AS m, (x.days < 15 OR (x.days = 15 AND x.held_working))::int AS num, 1 AS den, x.days::numeric AS val
  FROM icpc_children x
  UNION ALL
  SELECT x.team_id, x.chair_id, 'icpc_b' || (CASE WHEN x.days <= 10 THEN 0 WHEN x.days <= 15 THEN 1 WHEN x.days <= 20 THEN 2 ELSE 3 END), 1, 1, NULL
  FROM icpc_children x`;

/** The CTE the facts read: one row per child of an ICPC held in the period, with its working days. */
export const ICPC_CHILDREN = `
icpc_children AS (
  SELECT c.team_id, c.chair_id, (ch.k - cs.k)::int AS days, ch.working AS held_working
  FROM conference c
  JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id
  LEFT JOIN section47_enquiry e ON e.authority_id = c.authority_id AND e.conference_id = c.id AND e.child_id = cc.child_id
  JOIN cal cs ON cs.day = coalesce(e.started_on, c.clock_start)
  JOIN cal ch ON ch.day = c.held_on
  WHERE c.authority_id = $1 AND c.type = 'INITIAL' AND c.status = 'HELD' AND c.held_on BETWEEN $2 AND $3
    AND c.held_on >= coalesce(e.started_on, c.clock_start)
),`;

/** The earliest s47 start of a conference c's enquiries, for the SQL calendar's first day. */
export const ENQUIRY_START_MIN =
  '(SELECT min(e.started_on) FROM section47_enquiry e WHERE e.authority_id = c.authority_id AND e.conference_id = c.id)';

export const ICPC_BANDS = ['icpc_b0', 'icpc_b1', 'icpc_b2', 'icpc_b3'];
