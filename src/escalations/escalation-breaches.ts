import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { DirectoryRepository } from '../directory/directory.repository';
import { InboxAlerts } from '../common/inbox-alerts';
import { WorkflowService } from '../workflow/workflow.service';
import { breachDecision } from './escalation-stages';
import { escalationMachine } from './escalation.machine';
import { EscalationRepository } from './escalation.repository';
import { EscalationService } from './escalation.service';
import { LAST_STAGE } from './escalation.types';

const BATCH = 200;

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
    private readonly repository: EscalationRepository,
    private readonly staff: DirectoryRepository,
  ) {}

  authoritiesDue(today: string): Promise<string[]> {
    return this.repository.authoritiesWithDueStages(today);
  }

  async sweep(authorityId: string, today: string): Promise<BreachCounts> {
    const counts: BreachCounts = { breachedStages: 0, autoEscalated: 0, failed: false };
    for (;;) {
      const due = await this.repository.dueStages(authorityId, today, BATCH);
      for (const stage of due) {
        const result = await this.breach(authorityId, stage.id, today).catch((error) => {
          this.log.error(
            { err: error, authorityId, stageId: stage.id },
            'breach failed; it stays due for the next sweep',
          );
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
      const stage = await this.repository.claimBreach(manager, authorityId, stageId, today);
      if (!stage) return 'skipped';
      const settings = await this.settings.get(authorityId, manager);
      const reason = `stage ${stage.stage} response was due by ${stage.responseDueBy} and none was received`;
      const decision = breachDecision(settings.breachPolicy, stage.stage);
      const escalate = decision === 'ESCALATE';
      // A change a client must see: the engine bumps the version, so a stale expectedVersion is refused.
      // One audit event for the breach: the automatic escalation's (with the breach in its details), or the breach's own.
      const esc = this.repository.fromUpdated(
        await this.workflow.update(manager, escalationMachine, {
          id: stage.escalationId,
          authorityId,
          set: { breached: true },
          audit: escalate
            ? false
            : {
                actorId: null,
                action: 'ESCALATION_STAGE_BREACHED',
                reason,
                withStatus: true,
                details: { stage: stage.stage, responseDueBy: stage.responseDueBy, policy: decision },
              },
        }),
      );
      if (escalate) {
        await this.escalations.escalate(manager, esc, {
          actorId: null,
          reason,
          outcome: 'BREACHED_ESCALATED',
          expectedVersion: esc.version,
          action: 'ESCALATION_BREACH_ESCALATED',
          details: { breachedStage: stage.stage, breachedDueBy: stage.responseDueBy, policy: 'AUTO_ESCALATE' },
        });
        return 'escalated';
      }
      // The chair decides; at stage 4 the directors hear of it too (DOMAIN.md).
      const recipients = [esc.raisedById];
      if (stage.stage === LAST_STAGE) recipients.push(...(await this.staff.directorIds(manager, authorityId)));
      for (const recipientId of new Set(recipients)) {
        await this.inbox.alert(manager, {
          authorityId,
          recipientId,
          kind: 'STAGE_BREACHED',
          escalationId: esc.id,
          dueBy: stage.responseDueBy,
          reason: `${esc.reference}: ${reason}${stage.stage < LAST_STAGE ? '; decide whether to escalate' : ' at the final stage'}`,
          dedupeKey: `breach:${esc.id}:${stage.stage}`,
        });
      }
      return 'alerted';
    });
  }
}
