import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ActionRow } from '../actions/action.types';
import { nextCoreGroupDueBy } from '../calendar/timescales';
import { Clock } from '../clock/clock';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { InboxAlerts } from '../common/inbox-alerts';

/**
 * Active plans whose drift may need telling: a newly overdue open action (not yet alerted), or a
 * core group meeting past its due date (the previous one held + the interval, or the first).
 */
export const DRIFT_CANDIDATES_SQL = `SELECT DISTINCT plan_id AS id FROM action
    WHERE due_by < $2 AND authority_id = $1 AND status = 'OPEN' AND NOT overdue_alerted AND plan_id IS NOT NULL
  UNION
  SELECT p.id FROM child_protection_plan p
    JOIN core_group g ON g.plan_id = p.id
    JOIN authority a ON a.id = p.authority_id
    JOIN conference lc ON lc.id = p.last_conference_id
    LEFT JOIN LATERAL (SELECT max(m.held_on) AS last FROM core_group_meeting m WHERE m.core_group_id = g.id AND m.status = 'HELD') m ON true
    WHERE p.authority_id = $1 AND p.status = 'ACTIVE'
      AND COALESCE(m.last + a.core_group_interval_weeks * 7, g.first_meeting_due_by) < $2::date
      -- already told for this due date (DriftService's dedupe key): nothing to do
      AND NOT EXISTS (SELECT 1 FROM inbox_alert ia WHERE ia.authority_id = $1 AND ia.recipient_id = lc.chair_id
        AND ia.dedupe_key = 'plan-drift:' || p.id || ':core-group:' || to_char(COALESCE(m.last + a.core_group_interval_weeks * 7, g.first_meeting_due_by), 'YYYY-MM-DD'))`;

/** When the core group meets next: first meeting's due date until one is held, then the interval after the last. */
export function nextMeetingDueBy(firstMeetingDueBy: string, lastHeldOn: string | null, intervalWeeks: number): string {
  return lastHeldOn ? nextCoreGroupDueBy(lastHeldOn, intervalWeeks) : firstMeetingDueBy;
}

/**
 * Drift is computed, never typed (DOMAIN.md): an open plan action is drifting when it is overdue,
 * or when the core group's last two held meetings both marked it DRIFTING. An overdue core group
 * meeting is drift too.
 */
@Injectable()
export class DriftService {
  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly inbox: InboxAlerts,
    private readonly settings: AuthoritySettingsService,
  ) {}

  async driftingActions(authorityId: string, planIds: readonly string[], db: EntityManager | DataSource = this.dataSource, today = this.clock.today()): Promise<ActionRow[]> {
    return db.query(
      `WITH recent AS (
         SELECT m.id, row_number() OVER (PARTITION BY m.core_group_id ORDER BY m.held_on DESC, m.updated_at DESC) AS n
         FROM core_group_meeting m JOIN core_group g ON g.id = m.core_group_id
         WHERE g.plan_id = ANY($1) AND m.authority_id = $2 AND m.status = 'HELD'
       )
       SELECT a.* FROM action a
       WHERE a.plan_id = ANY($1) AND a.authority_id = $2 AND a.status = 'OPEN'
         AND (a.due_by < $3 OR (SELECT count(*) FROM action_progress ap JOIN recent r ON r.id = ap.meeting_id AND r.n <= 2
                                WHERE ap.action_id = a.id AND ap.progress = 'DRIFTING') = 2)
       ORDER BY a.due_by, a.id`,
      [planIds, authorityId, today],
    );
  }

  /**
   * Puts each drift of an active plan in the inbox of the chair who started or last reviewed it,
   * once per plan and action (or per missed meeting due date). Also for the deadline sweep.
   */
  /** The sweep's step for drift: tells the chairs of plans that started drifting; returns how many alerts. */
  async sweep(authorityId: string, today: string): Promise<number> {
    const plans: { id: string }[] = await this.dataSource.query(DRIFT_CANDIDATES_SQL, [authorityId, today]);
    let alerts = 0;
    for (const plan of plans) alerts += await this.dataSource.transaction((manager) => this.alertChair(manager, authorityId, plan.id, today));
    return alerts;
  }

  /** Authorities with active plans: any of them may drift. */
  async authoritiesDue(): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.dataSource.query("SELECT DISTINCT authority_id FROM child_protection_plan WHERE status = 'ACTIVE'");
    return rows.map((r) => r.authority_id);
  }

  async alertChair(manager: EntityManager, authorityId: string, planId: string, today = this.clock.today()): Promise<number> {
    const [plan]: { chair_id: string | null; case_reference: string; status: string; first_meeting_due_by: string; last_held_on: string | null }[] = await manager.query(
      `SELECT c.chair_id, ch.case_reference, p.status, g.first_meeting_due_by,
              (SELECT max(m.held_on) FROM core_group_meeting m WHERE m.core_group_id = g.id AND m.status = 'HELD') AS last_held_on
       FROM child_protection_plan p JOIN conference c ON c.id = p.last_conference_id JOIN child ch ON ch.id = p.child_id
       JOIN core_group g ON g.plan_id = p.id WHERE p.id = $1 AND p.authority_id = $2`,
      [planId, authorityId],
    );
    if (!plan?.chair_id || plan.status !== 'ACTIVE') return 0;
    let alerted = 0;
    const tell = async (reason: string, dueBy: string, dedupeKey: string, actionId: string | null) => {
      if (await this.inbox.alert(manager, { authorityId, recipientId: plan.chair_id!, kind: 'DRIFT', reason, dueBy, actionId, dedupeKey })) alerted++;
    };
    for (const a of await this.driftingActions(authorityId, [planId], manager, today)) {
      const why = a.due_by < today ? `is overdue (due ${a.due_by})` : 'was marked drifting at two core group meetings in a row';
      await tell(`The plan for ${plan.case_reference} is drifting: action "${a.description.slice(0, 120)}" ${why}`, a.due_by, `plan-drift:${planId}:${a.id}`, a.id);
    }
    const { coreGroupIntervalWeeks } = await this.settings.get(authorityId, manager);
    const due = nextMeetingDueBy(plan.first_meeting_due_by, plan.last_held_on, coreGroupIntervalWeeks);
    if (due < today) await tell(`The plan for ${plan.case_reference} is drifting: its core group meeting was due by ${due}`, due, `plan-drift:${planId}:core-group:${due}`, null);
    return alerted;
  }

  /** A meeting held after its due date was overdue: drift, whatever happens next. */
  async alertLateMeeting(manager: EntityManager, authorityId: string, planId: string, dueBy: string, heldOn: string): Promise<void> {
    const [row]: { chair_id: string | null; case_reference: string }[] = await manager.query(
      `SELECT c.chair_id, ch.case_reference FROM child_protection_plan p JOIN conference c ON c.id = p.last_conference_id
       JOIN child ch ON ch.id = p.child_id WHERE p.id = $1 AND p.authority_id = $2`,
      [planId, authorityId],
    );
    if (!row?.chair_id) return;
    await this.inbox.alert(manager, {
      authorityId, recipientId: row.chair_id, kind: 'DRIFT', dueBy,
      reason: `The plan for ${row.case_reference} is drifting: its core group met on ${heldOn}, after the due date ${dueBy}`,
      dedupeKey: `plan-drift:${planId}:core-group:${dueBy}`,
    });
  }
}
