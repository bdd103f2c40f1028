import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OverdueActions } from '../actions/overdue-actions';
import { AdvocacyGaps } from '../advocacy/advocacy-gaps';
import { CaseAuditSweep } from '../case-audits/case-audit-sweep';
import { Clock } from '../clock/clock';
import { ConferenceMinutesSweep } from '../conferences/conference-minutes-sweep';
import { DriftService } from '../core-groups/drift.service';
import { EscalationBreaches } from '../escalations/escalation-breaches';
import { MetricsService } from '../metrics/metrics.service';

export interface SweepCounts {
  breachedStages: number;
  autoEscalated: number;
  overdueActions: number;
  driftAlerts: number;
  advocacyGapAlerts: number;
  caseAuditAlerts: number;
  conferenceMinutesAlerts: number;
}

const zero = (): SweepCounts => ({
  breachedStages: 0,
  autoEscalated: 0,
  overdueActions: 0,
  driftAlerts: 0,
  advocacyGapAlerts: 0,
  caseAuditAlerts: 0,
  conferenceMinutesAlerts: 0,
});

/**
 * DOMAIN.md, "When the deadline passes". Deadlines live in the database; the sweep acts on those
 * that have passed (due date before today in Europe/London) by calling each owner's step: what a
 * breach does is escalations' rule, an overdue action actions', drift core groups', an advocacy gap
 * advocacy's, an unagreed or unfollowed case audit case audits', overdue minutes conferences'. Safe to run on several instances
 * at once: an advisory lock per authority serialises sweeps, and each owner claims its items by
 * compare-and-set in their own transactions.
 */
@Injectable()
export class DeadlineSweepService {
  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly breaches: EscalationBreaches,
    private readonly overdueActions: OverdueActions,
    private readonly drift: DriftService,
    private readonly advocacyGaps: AdvocacyGaps,
    private readonly caseAudits: CaseAuditSweep,
    private readonly minutes: ConferenceMinutesSweep,
    private readonly metrics: MetricsService,
  ) {}

  /** Every authority with due items (the scheduled run). */
  async sweepAll(): Promise<SweepCounts> {
    const today = this.clock.today();
    const due = await Promise.all([
      this.breaches.authoritiesDue(today),
      this.overdueActions.authoritiesDue(today),
      this.drift.authoritiesDue(),
      this.advocacyGaps.authoritiesDue(),
      this.caseAudits.authoritiesDue(today),
      this.minutes.authoritiesDue(today),
    ]);
    const total = zero();
    for (const authorityId of new Set(due.flat())) {
      const counts = await this.sweep(authorityId, today);
      for (const key of Object.keys(total) as (keyof SweepCounts)[]) total[key] += counts[key];
    }
    return total;
  }

  /** One authority. The lock transaction stays open while the owners process their items in their own. */
  async sweep(authorityId: string, today = this.clock.today()): Promise<SweepCounts> {
    const counts = zero();
    const measured = this.metrics.sweepStarted();
    await this.dataSource
      .transaction(async (lock) => {
        await lock.query("SELECT pg_advisory_xact_lock(hashtext('deadline-sweep'), hashtext($1))", [authorityId]);
        const breaches = await this.breaches.sweep(authorityId, today);
        counts.breachedStages = breaches.breachedStages;
        counts.autoEscalated = breaches.autoEscalated;
        // A failed breach stays due; the rest waits for the next run, as before.
        if (breaches.failed) return;
        // Drift first: it reads the actions that the overdue step is about to mark alerted.
        counts.driftAlerts = await this.drift.sweep(authorityId, today);
        counts.advocacyGapAlerts = await this.advocacyGaps.sweep(authorityId, today);
        counts.caseAuditAlerts = await this.caseAudits.sweep(authorityId, today);
        counts.conferenceMinutesAlerts = await this.minutes.sweep(authorityId, today);
        counts.overdueActions = await this.overdueActions.sweep(authorityId, today);
      })
      .finally(() => measured({ ...counts }));
    return counts;
  }
}
