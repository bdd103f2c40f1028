import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { InboxAlerts } from '../common/inbox-alerts';
import { returnedRows, WorkflowService } from '../workflow/workflow.service';
import { escalationMachine } from './escalation.machine';
import { EscalationService } from './escalation.service';
import { EscalationRow, LAST_STAGE } from './escalation.types';

const BATCH = 200;

/** The due-stage query, shared with the EXPLAIN test: it reads only the partial index's rows. */
export const DUE_STAGES_SQL = `SELECT id, escalation_id FROM escalation_stage
  WHERE response_due_by < $2 AND authority_id = $1 AND responded_at IS NULL AND outcome IS NULL AND NOT breached
  ORDER BY response_due_by LIMIT $3`;
export const AUTHORITIES_WITH_DUE_STAGES_SQL = `SELECT authority_id FROM escalation_stage
  WHERE response_due_by < $1 AND responded_at IS NULL AND outcome IS NULL AND NOT breached`;

export interface BreachCounts {
  breachedStages: number;
  autoEscalated: number;
  /** a breach failed: it stays due, and the sweep stops for this authority until the next run */
  failed: boolean;
}

/**
 * DOMAIN.md, "When the deadline passes", for the escalation ladder: a stage whose response is
 * overdue is breached once, then escalated automatically or put to the chair by the authority's
 * breach policy. The sweep (src/scheduler) calls `sweep`; each stage is claimed by compare-and-set
 * in its own transaction, so a breach is acted on once however many sweeps run.
 */
@Injectable()
export class EscalationBreaches {
  private readonly log = new Logger('DeadlineSweep');

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AuthoritySettingsService,
    private readonly escalations: EscalationService,
    private readonly workflow: WorkflowService,
    private readonly inbox: InboxAlerts,
  ) {}

  async authoritiesDue(today: string): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.dataSource.query(AUTHORITIES_WITH_DUE_STAGES_SQL, [today]);
    return rows.map((r) => r.authority_id);
  }

  async sweep(authorityId: string, today: string): Promise<BreachCounts> {
    const counts: BreachCounts = { breachedStages: 0, autoEscalated: 0, failed: false };
    for (;;) {
      const due: { id: string; escalation_id: string }[] = await this.dataSource.query(DUE_STAGES_SQL, [authorityId, today, BATCH]);
      for (const stage of due) {
        const result = await this.breach(authorityId, stage.id, today).catch((error) => {
          this.log.error({ err: error, authorityId, stageId: stage.id }, 'breach failed; it stays due for the next sweep');
          return 'failed' as const;
        });
        if (result === 'failed') return { ...counts, failed: true };
        if (result !== 'skipped') counts.breachedStages++;
        if (result === 'escalated') counts.autoEscalated++;
      }
      if (due.length < BATCH) return counts;
    }
  }

  /** Claims one stage by compare-and-set, then escalates or alerts by the authority's policy. */
  private breach(authorityId: string, stageId: string, today: string): Promise<'skipped' | 'escalated' | 'alerted'> {
    return this.dataSource.transaction(async (manager) => {
      const [stage] = returnedRows<{ stage: number; escalation_id: string; response_due_by: string }>(await manager.query(
        `UPDATE escalation_stage SET breached = true WHERE id = $1 AND authority_id = $2 AND response_due_by < $3
           AND responded_at IS NULL AND outcome IS NULL AND NOT breached RETURNING stage, escalation_id, response_due_by`,
        [stageId, authorityId, today],
      ));
      if (!stage) return 'skipped';
      const settings = await this.settings.get(authorityId, manager);
      const reason = `stage ${stage.stage} response was due by ${stage.response_due_by} and none was received`;
      const escalate = settings.breachPolicy !== 'ALERT_CHAIR' && stage.stage < LAST_STAGE;
      // A change a client must see: the engine bumps the version, so a stale expectedVersion is refused.
      // One audit event for the breach: the automatic escalation's (with the breach in its details), or the breach's own.
      const esc = await this.workflow.update<EscalationRow>(manager, escalationMachine, {
        id: stage.escalation_id, authorityId, set: { breached: true },
        audit: escalate ? false : {
          actorId: null, action: 'ESCALATION_STAGE_BREACHED', reason, withStatus: true,
          details: { stage: stage.stage, responseDueBy: stage.response_due_by, policy: stage.stage < LAST_STAGE ? 'ALERT_CHAIR' : 'FINAL_STAGE' },
        },
      });
      if (escalate) {
        await this.escalations.escalate(manager, esc, {
          actorId: null, reason, outcome: 'BREACHED_ESCALATED', expectedVersion: esc.version, action: 'ESCALATION_BREACH_ESCALATED',
          details: { breachedStage: stage.stage, breachedDueBy: stage.response_due_by, policy: 'AUTO_ESCALATE' },
        });
        return 'escalated';
      }
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
}
