import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { EscalationService } from '../escalations/escalation.service';
import { EscalationRow, LAST_STAGE } from '../escalations/escalation.types';
import { InboxService } from '../inbox/inbox.service';
import { returnedRows } from '../workflow/workflow.service';
import { AdvocacyGaps } from '../advocacy/advocacy-gaps';
import { DriftService } from '../core-groups/drift.service';
import { MetricsService } from '../metrics/metrics.service';
import { AUTHORITIES_WITH_CASE_AUDITS_DUE_SQL, CaseAuditSweep } from '../case-audits/case-audit-sweep';
import { AUTHORITIES_WITH_MINUTES_DUE_SQL, ConferenceMinutesSweep } from '../conferences/conference-minutes-sweep';

export interface SweepCounts {
  breachedStages: number;
  autoEscalated: number;
  overdueActions: number;
  driftAlerts: number;
  advocacyGapAlerts: number;
  caseAuditAlerts: number;
  conferenceMinutesAlerts: number;
}

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

const BATCH = 200;

/** The due-item queries, shared with the EXPLAIN test: they read only the partial indexes' rows. */
export const DUE_STAGES_SQL = `SELECT id, escalation_id FROM escalation_stage
  WHERE response_due_by < $2 AND authority_id = $1 AND responded_at IS NULL AND outcome IS NULL AND NOT breached
  ORDER BY response_due_by LIMIT $3`;
export const DUE_ACTIONS_SQL = `UPDATE action SET overdue_alerted = true, updated_at = now()
  WHERE id = ANY(ARRAY(SELECT id FROM action WHERE due_by < $2 AND authority_id = $1 AND status = 'OPEN' AND NOT overdue_alerted ORDER BY due_by LIMIT $3 FOR UPDATE SKIP LOCKED))
    AND status = 'OPEN' AND NOT overdue_alerted
  RETURNING id, owner_id, due_by, description`;
export const AUTHORITIES_DUE_SQL = `SELECT authority_id FROM escalation_stage WHERE response_due_by < $1 AND responded_at IS NULL AND outcome IS NULL AND NOT breached
  UNION SELECT authority_id FROM action WHERE due_by < $1 AND status = 'OPEN' AND NOT overdue_alerted
  UNION SELECT DISTINCT authority_id FROM child_protection_plan WHERE status = 'ACTIVE'
  UNION SELECT authority_id FROM conference WHERE status = 'SCHEDULED' AND type IN ('INITIAL', 'TRANSFER_IN')
  UNION ${AUTHORITIES_WITH_CASE_AUDITS_DUE_SQL}
  UNION ${AUTHORITIES_WITH_MINUTES_DUE_SQL}`;

/**
 * DOMAIN.md, "When the deadline passes". Deadlines live in the database; this acts on those that
 * have passed (due date before today in Europe/London). Safe to run on several instances at once:
 * an advisory lock per authority serialises sweeps, and each item is claimed by compare-and-set in
 * its own transaction, so a breach is acted on once however many sweeps run.
 */
@Injectable()
export class DeadlineSweepService {
  private readonly log = new Logger('DeadlineSweep');

  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly settings: AuthoritySettingsService,
    private readonly escalations: EscalationService,
    private readonly inbox: InboxService,
    private readonly audit: AuditService,
    private readonly advocacyGaps: AdvocacyGaps,
    private readonly drift: DriftService,
    private readonly metrics: MetricsService,
    private readonly caseAudits: CaseAuditSweep,
    private readonly minutes: ConferenceMinutesSweep,
  ) {}

  /** Every authority with due items (the scheduled run). */
  async sweepAll(): Promise<SweepCounts> {
    const today = this.clock.today();
    const rows: { authority_id: string }[] = await this.dataSource.query(AUTHORITIES_DUE_SQL, [today]);
    const total: SweepCounts = { breachedStages: 0, autoEscalated: 0, overdueActions: 0, driftAlerts: 0, advocacyGapAlerts: 0, caseAuditAlerts: 0, conferenceMinutesAlerts: 0 };
    for (const { authority_id } of rows) {
      const counts = await this.sweep(authority_id, today);
      total.breachedStages += counts.breachedStages;
      total.autoEscalated += counts.autoEscalated;
      total.overdueActions += counts.overdueActions;
      total.driftAlerts += counts.driftAlerts;
      total.advocacyGapAlerts += counts.advocacyGapAlerts;
      total.caseAuditAlerts += counts.caseAuditAlerts;
      total.conferenceMinutesAlerts += counts.conferenceMinutesAlerts;
    }
    return total;
  }

  /** One authority. The lock transaction stays open while the items are processed in their own. */
  async sweep(authorityId: string, today = this.clock.today()): Promise<SweepCounts> {
    const counts: SweepCounts = { breachedStages: 0, autoEscalated: 0, overdueActions: 0, driftAlerts: 0, advocacyGapAlerts: 0, caseAuditAlerts: 0, conferenceMinutesAlerts: 0 };
    const measured = this.metrics.sweepStarted();
    await this.dataSource.transaction(async (lock) => {
      await lock.query("SELECT pg_advisory_xact_lock(hashtext('deadline-sweep'), hashtext($1))", [authorityId]);
      for (;;) {
        const due: { id: string; escalation_id: string }[] = await this.dataSource.query(DUE_STAGES_SQL, [authorityId, today, BATCH]);
        for (const stage of due) {
          const result = await this.breach(authorityId, stage.id, today).catch((error) => {
            this.log.error({ err: error, authorityId, stageId: stage.id }, 'breach failed; it stays due for the next sweep');
            return 'failed' as const;
          });
          if (result === 'failed') return;
          if (result !== 'skipped') counts.breachedStages++;
          if (result === 'escalated') counts.autoEscalated++;
        }
        if (due.length < BATCH) break;
      }
      // Drift first: it reads the actions that the overdue step is about to mark alerted.
      const plans: { id: string }[] = await this.dataSource.query(DRIFT_CANDIDATES_SQL, [authorityId, today]);
      for (const plan of plans) {
        counts.driftAlerts += await this.dataSource.transaction((manager) => this.drift.alertChair(manager, authorityId, plan.id, today));
      }
      counts.advocacyGapAlerts += await this.dataSource.transaction((manager) => this.advocacyGaps.alertUpcoming(manager, authorityId, today));
      counts.caseAuditAlerts += await this.caseAudits.sweep(authorityId, today);
      counts.conferenceMinutesAlerts += await this.minutes.sweep(authorityId, today);
      for (;;) {
        const n = await this.dataSource.transaction((manager) => this.alertOverdueActions(manager, authorityId, today));
        counts.overdueActions += n;
        if (n < BATCH) break;
      }
    }).finally(() => measured({ ...counts }));
    return counts;
  }

  /** Claims one stage by compare-and-set, then escalates or alerts by the authority's policy. */
  private breach(authorityId: string, stageId: string, today: string): Promise<'skipped' | 'escalated' | 'alerted'> {
    return this.dataSource.transaction(async (manager) => {
      const [stage] = await manager.query(
        `UPDATE escalation_stage SET breached = true WHERE id = $1 AND authority_id = $2 AND response_due_by < $3
           AND responded_at IS NULL AND outcome IS NULL AND NOT breached RETURNING stage, escalation_id, response_due_by`,
        [stageId, authorityId, today],
      ).then((r: unknown) => returnedRows<{ stage: number; escalation_id: string; response_due_by: string }>(r));
      if (!stage) return 'skipped';
      const [esc]: EscalationRow[] = await manager.query(
        // A change a client must see: bump the version so a stale expectedVersion is refused.
        'UPDATE escalation SET breached = true, version = version + 1, updated_at = now() WHERE id = $1 AND authority_id = $2 RETURNING *',
        [stage.escalation_id, authorityId],
      ).then((r: unknown) => returnedRows<EscalationRow>(r));
      const settings = await this.settings.get(authorityId, manager);
      const reason = `stage ${stage.stage} response was due by ${stage.response_due_by} and none was received`;
      if (settings.breachPolicy !== 'ALERT_CHAIR' && stage.stage < LAST_STAGE) {
        // One audit event for the breach: the automatic escalation, with the breach in its details.
        await this.escalations.escalate(manager, esc, {
          actorId: null, reason, outcome: 'BREACHED_ESCALATED', expectedVersion: esc.version, action: 'ESCALATION_BREACH_ESCALATED',
          details: { breachedStage: stage.stage, breachedDueBy: stage.response_due_by, policy: 'AUTO_ESCALATE' },
        });
        return 'escalated';
      }
      await this.audit.append(manager, {
        authorityId, actorId: null, entityType: 'Escalation', entityId: esc.id, action: 'ESCALATION_STAGE_BREACHED', fromStatus: esc.status, toStatus: esc.status, reason,
        details: { stage: stage.stage, responseDueBy: stage.response_due_by, policy: stage.stage < LAST_STAGE ? 'ALERT_CHAIR' : 'FINAL_STAGE' },
      });
      // The chair decides; at stage 4 the directors hear of it too (DOMAIN.md).
      const recipients = [esc.raised_by_id];
      if (stage.stage === LAST_STAGE) {
        const directors: { id: string }[] = await manager.query("SELECT id FROM staff_member WHERE authority_id = $1 AND 'DIRECTOR' = ANY(roles)", [authorityId]);
        recipients.push(...directors.map((d) => d.id));
      }
      for (const recipientId of new Set(recipients)) {
        await this.inbox.alert(manager, {
          authorityId, recipientId, kind: 'STAGE_BREACHED', escalationId: esc.id, dueBy: stage.response_due_by,
          reason: `${esc.reference}: ${reason}${stage.stage < LAST_STAGE ? '; decide whether to escalate' : ' at the final stage'}`,
          dedupeKey: `breach:${esc.id}:${stage.stage}`,
        });
      }
      return 'alerted';
    });
  }

  /** Marks a batch of overdue actions alerted (compare-and-set) and alerts each owner once. */
  private async alertOverdueActions(manager: EntityManager, authorityId: string, today: string): Promise<number> {
    const result = await manager.query(DUE_ACTIONS_SQL, [authorityId, today, BATCH]);
    const rows = returnedRows<{ id: string; owner_id: string; due_by: string; description: string }>(result);
    for (const a of rows) {
      await this.inbox.alert(manager, {
        authorityId, recipientId: a.owner_id, kind: 'ACTION_OVERDUE', actionId: a.id, dueBy: a.due_by,
        reason: `Your action is overdue: ${a.description.slice(0, 120)}`, dedupeKey: `action-overdue:${a.id}:${a.due_by}`,
      });
    }
    return rows.length;
  }
}
