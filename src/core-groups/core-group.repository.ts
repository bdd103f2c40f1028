import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ReadPool } from '../common/read-pool';

/** A core group meeting as recorded. */
export interface MeetingRecord {
  id: string;
  authorityId: string;
  coreGroupId: string;
  status: string;
  scheduledFor: Date | null;
  heldOn: string | null;
  dueBy: string;
  version: number;
}

interface MeetingRow {
  id: string;
  authority_id: string;
  core_group_id: string;
  status: string;
  scheduled_for: Date | null;
  held_on: string | null;
  due_by: string;
  version: number;
}

const meetingToRecord = (r: MeetingRow): MeetingRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  coreGroupId: r.core_group_id,
  status: r.status,
  scheduledFor: r.scheduled_for,
  heldOn: r.held_on,
  dueBy: r.due_by,
  version: r.version,
});

/** A plan's core group with what scheduling and recording a meeting need to know of the plan. */
export interface GroupOfPlanRecord {
  id: string;
  planId: string;
  childId: string;
  teamId: string;
  planStatus: string;
  startDate: string;
  firstMeetingDueBy: string;
  lastHeldOn: string | null;
}

/** A core group as its plan's field shows it. */
export interface CoreGroupRecord {
  id: string;
  planId: string;
  firstMeetingDueBy: string;
  planStatus: string;
  lastHeldOn: string | null;
}

export interface ProgressRecord {
  meetingId: string;
  actionId: string;
  progress: string;
}

/** What the drift alert needs of a plan: the chair who started or last reviewed it, and its core group. */
export interface DriftPlanRecord {
  chairId: string | null;
  caseReference: string;
  status: string;
  firstMeetingDueBy: string;
  lastHeldOn: string | null;
}

/**
 * Active plans whose drift may need telling: a newly overdue open action (not yet alerted), or a
 * core group meeting past its due date (the previous one held + the interval, or the first).
 *
 * The dedupe key is computed in a materialized CTE, not in the NOT EXISTS: under row-level security
 * inbox_alert is a security barrier, and a condition built with functions that are not leakproof
 * (to_char, ||) is only checked after the policy, never as an index condition. Inline, the anti
 * join read every alert of the chair for each plan: 5.2 s at 2,300 plans (bench, BENCH_CHILDREN=3000);
 * compared as a plain column it is one index probe each: 14 ms.
 */
export const DRIFT_CANDIDATES_SQL = `WITH overdue_meeting AS MATERIALIZED (
    SELECT p.id, lc.chair_id, 'plan-drift:' || p.id || ':core-group:' ||
             to_char(COALESCE(m.last + a.core_group_interval_weeks * 7, g.first_meeting_due_by), 'YYYY-MM-DD') AS dedupe_key
    FROM child_protection_plan p
      JOIN core_group g ON g.authority_id = p.authority_id AND g.plan_id = p.id
      JOIN authority a ON a.id = p.authority_id
      JOIN conference lc ON lc.authority_id = p.authority_id AND lc.id = p.last_conference_id
      LEFT JOIN LATERAL (SELECT max(m.held_on) AS last FROM core_group_meeting m WHERE m.authority_id = g.authority_id AND m.core_group_id = g.id AND m.status = 'HELD') m ON true
    WHERE p.authority_id = $1 AND p.status = 'ACTIVE'
      AND COALESCE(m.last + a.core_group_interval_weeks * 7, g.first_meeting_due_by) < $2::date)
  SELECT DISTINCT plan_id AS id FROM action
    WHERE due_by < $2 AND authority_id = $1 AND status = 'OPEN' AND NOT overdue_alerted AND plan_id IS NOT NULL
  UNION
  SELECT o.id FROM overdue_meeting o
    -- already told for this due date (DriftService's dedupe key): nothing to do
    WHERE NOT EXISTS (SELECT 1 FROM inbox_alert ia WHERE ia.authority_id = $1 AND ia.recipient_id = o.chair_id AND ia.dedupe_key = o.dedupe_key)`;

/**
 * Every statement on core_group, core_group_meeting and action_progress. Drift reads other owners'
 * tables (action, child_protection_plan, conference, child, inbox_alert) that core-groups may not
 * import: reads only, never writes.
 */
@Injectable()
export class CoreGroupRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  async insertGroup(
    manager: EntityManager,
    g: { authorityId: string; planId: string; firstMeetingDueBy: string },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      'INSERT INTO core_group (authority_id, plan_id, first_meeting_due_by) VALUES ($1, $2, $3) RETURNING id',
      [g.authorityId, g.planId, g.firstMeetingDueBy],
    );
    return row.id;
  }

  /**
   * The plan's core group, locked: one scheduling or recording at a time per core group. Locks
   * first, then reads in a statement of its own: a meeting recorded by the transaction we waited
   * for must be seen (a subquery here would read the state from before the wait).
   */
  async lockGroupOfPlan(
    manager: EntityManager,
    authorityId: string,
    planId: string,
  ): Promise<GroupOfPlanRecord | null> {
    const locked: { id: string }[] = await manager.query(
      'SELECT id FROM core_group WHERE plan_id = $1 AND authority_id = $2 FOR UPDATE',
      [planId, authorityId],
    );
    if (!locked.length) return null;
    const rows: {
      id: string;
      plan_id: string;
      first_meeting_due_by: string;
      child_id: string;
      plan_status: string;
      start_date: string;
      team_id: string;
      last_held_on: string | null;
    }[] = await manager.query(
      `SELECT g.id, g.plan_id, g.first_meeting_due_by, p.child_id, p.status AS plan_status, p.start_date, c.team_id,
              (SELECT max(m.held_on) FROM core_group_meeting m WHERE m.authority_id = g.authority_id AND m.core_group_id = g.id AND m.status = 'HELD') AS last_held_on
       FROM core_group g JOIN child_protection_plan p ON p.authority_id = g.authority_id AND p.id = g.plan_id JOIN child c ON c.authority_id = p.authority_id AND c.id = p.child_id
       WHERE g.id = $1 AND g.authority_id = $2`,
      [locked[0].id, authorityId],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          planId: r.plan_id,
          childId: r.child_id,
          teamId: r.team_id,
          planStatus: r.plan_status,
          startDate: r.start_date,
          firstMeetingDueBy: r.first_meeting_due_by,
          lastHeldOn: r.last_held_on,
        }
      : null;
  }

  /** The core group's scheduled meeting, if any. */
  async scheduledMeetingOf(manager: EntityManager, authorityId: string, coreGroupId: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      "SELECT id FROM core_group_meeting WHERE core_group_id = $1 AND authority_id = $2 AND status = 'SCHEDULED'",
      [coreGroupId, authorityId],
    );
    return rows[0]?.id ?? null;
  }

  async insertMeeting(
    manager: EntityManager,
    m: { authorityId: string; coreGroupId: string; scheduledFor: Date; dueBy: string },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      'INSERT INTO core_group_meeting (authority_id, core_group_id, scheduled_for, due_by) VALUES ($1, $2, $3, $4) RETURNING id',
      [m.authorityId, m.coreGroupId, m.scheduledFor, m.dueBy],
    );
    return row.id;
  }

  /** The meeting, locked, with its core group's plan. */
  async lockMeeting(
    manager: EntityManager,
    authorityId: string,
    id: string,
  ): Promise<(MeetingRecord & { planId: string }) | null> {
    const rows: (MeetingRow & { plan_id: string })[] = await manager.query(
      `SELECT m.*, g.plan_id FROM core_group_meeting m JOIN core_group g ON g.authority_id = m.authority_id AND g.id = m.core_group_id
       WHERE m.id = $1 AND m.authority_id = $2 FOR UPDATE OF m`,
      [id, authorityId],
    );
    return rows[0] ? { ...meetingToRecord(rows[0]), planId: rows[0].plan_id } : null;
  }

  async insertProgress(
    manager: EntityManager,
    p: { authorityId: string; meetingId: string; actionId: string; progress: string },
  ): Promise<void> {
    await manager.query(
      'INSERT INTO action_progress (authority_id, meeting_id, action_id, progress) VALUES ($1, $2, $3, $4)',
      [p.authorityId, p.meetingId, p.actionId, p.progress],
    );
  }

  /** The plans' core groups. */
  async groupsOfPlans(authorityId: string, planIds: readonly string[]): Promise<CoreGroupRecord[]> {
    const rows: {
      id: string;
      plan_id: string;
      first_meeting_due_by: string;
      plan_status: string;
      last_held_on: string | null;
    }[] = await this.reads.query(
      `SELECT g.id, g.plan_id, g.first_meeting_due_by, p.status AS plan_status,
              (SELECT max(m.held_on) FROM core_group_meeting m WHERE m.authority_id = g.authority_id AND m.core_group_id = g.id AND m.status = 'HELD') AS last_held_on
       FROM core_group g JOIN child_protection_plan p ON p.authority_id = g.authority_id AND p.id = g.plan_id WHERE g.plan_id = ANY($1) AND g.authority_id = $2`,
      [planIds, authorityId],
    );
    return rows.map((r) => ({
      id: r.id,
      planId: r.plan_id,
      firstMeetingDueBy: r.first_meeting_due_by,
      planStatus: r.plan_status,
      lastHeldOn: r.last_held_on,
    }));
  }

  /** The core groups' meetings, by due date. */
  async meetingsOf(authorityId: string, coreGroupIds: readonly string[]): Promise<MeetingRecord[]> {
    const rows: MeetingRow[] = await this.reads.query(
      'SELECT * FROM core_group_meeting WHERE core_group_id = ANY($1) AND authority_id = $2 ORDER BY due_by, created_at',
      [coreGroupIds, authorityId],
    );
    return rows.map(meetingToRecord);
  }

  async findMeetings(authorityId: string, ids: readonly string[]): Promise<MeetingRecord[]> {
    const rows: MeetingRow[] = await this.reads.query(
      'SELECT * FROM core_group_meeting WHERE id = ANY($1) AND authority_id = $2',
      [ids, authorityId],
    );
    return rows.map(meetingToRecord);
  }

  /** Progress recorded at the meetings, in the order recorded. */
  async progressOf(authorityId: string, meetingIds: readonly string[]): Promise<ProgressRecord[]> {
    const rows: { meeting_id: string; action_id: string; progress: string }[] = await this.reads.query(
      'SELECT meeting_id, action_id, progress FROM action_progress WHERE meeting_id = ANY($1) AND authority_id = $2 ORDER BY created_at, id',
      [meetingIds, authorityId],
    );
    return rows.map((r) => ({ meetingId: r.meeting_id, actionId: r.action_id, progress: r.progress }));
  }

  /** The sweep's candidates: active plans of the authority whose drift may need telling. */
  async driftCandidates(authorityId: string, today: string): Promise<string[]> {
    const rows: { id: string }[] = await this.reads.query(DRIFT_CANDIDATES_SQL, [authorityId, today]);
    return rows.map((r) => r.id);
  }

  /** Authorities with active plans: any of them may drift. */
  async authoritiesWithActivePlans(): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.reads.query(
      "SELECT DISTINCT authority_id FROM child_protection_plan WHERE status = 'ACTIVE'",
    );
    return rows.map((r) => r.authority_id);
  }

  async driftPlan(manager: EntityManager, authorityId: string, planId: string): Promise<DriftPlanRecord | null> {
    const rows: {
      chair_id: string | null;
      case_reference: string;
      status: string;
      first_meeting_due_by: string;
      last_held_on: string | null;
    }[] = await manager.query(
      `SELECT c.chair_id, ch.case_reference, p.status, g.first_meeting_due_by,
              (SELECT max(m.held_on) FROM core_group_meeting m WHERE m.authority_id = g.authority_id AND m.core_group_id = g.id AND m.status = 'HELD') AS last_held_on
       FROM child_protection_plan p JOIN conference c ON c.authority_id = p.authority_id AND c.id = p.last_conference_id JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id
       JOIN core_group g ON g.authority_id = p.authority_id AND g.plan_id = p.id WHERE p.id = $1 AND p.authority_id = $2`,
      [planId, authorityId],
    );
    const r = rows[0];
    return r
      ? {
          chairId: r.chair_id,
          caseReference: r.case_reference,
          status: r.status,
          firstMeetingDueBy: r.first_meeting_due_by,
          lastHeldOn: r.last_held_on,
        }
      : null;
  }

  /** The chair who started or last reviewed the plan, and the child's case reference. */
  async chairOfPlan(
    manager: EntityManager,
    authorityId: string,
    planId: string,
  ): Promise<{ chairId: string | null; caseReference: string } | null> {
    const rows: { chair_id: string | null; case_reference: string }[] = await manager.query(
      `SELECT c.chair_id, ch.case_reference FROM child_protection_plan p JOIN conference c ON c.authority_id = p.authority_id AND c.id = p.last_conference_id
       JOIN child ch ON ch.authority_id = p.authority_id AND ch.id = p.child_id WHERE p.id = $1 AND p.authority_id = $2`,
      [planId, authorityId],
    );
    return rows[0] ? { chairId: rows[0].chair_id, caseReference: rows[0].case_reference } : null;
  }
}
