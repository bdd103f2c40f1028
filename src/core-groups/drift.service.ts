import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CoreGroupRepository } from './core-group.repository';
import { ActionRecord, ActionRepository } from '../actions/action.repository';
import { nextCoreGroupDueBy } from '../calendar/timescales';
import { Clock } from '../clock/clock';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { InboxAlerts } from '../common/inbox-alerts';

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
    private readonly groups: CoreGroupRepository,
    private readonly actions: ActionRepository,
  ) {}

  /** The plans' drifting open actions (the rule above; the action table's owner runs the read). */
  driftingActions(
    authorityId: string,
    planIds: readonly string[],
    today = this.clock.today(),
    manager?: EntityManager,
  ): Promise<ActionRecord[]> {
    return this.actions.driftingOfPlans(authorityId, planIds, today, manager);
  }

  /**
   * Puts each drift of an active plan in the inbox of the chair who started or last reviewed it,
   * once per plan and action (or per missed meeting due date). Also for the deadline sweep.
   */
  /** The sweep's step for drift: tells the chairs of plans that started drifting; returns how many alerts. */
  async sweep(authorityId: string, today: string): Promise<number> {
    const plans = await this.groups.driftCandidates(authorityId, today);
    let alerts = 0;
    for (const planId of plans)
      alerts += await this.dataSource.transaction((manager) => this.alertChair(manager, authorityId, planId, today));
    return alerts;
  }

  /** Authorities with active plans: any of them may drift. */
  async authoritiesDue(): Promise<string[]> {
    return this.groups.authoritiesWithActivePlans();
  }

  async alertChair(
    manager: EntityManager,
    authorityId: string,
    planId: string,
    today = this.clock.today(),
  ): Promise<number> {
    const plan = await this.groups.driftPlan(manager, authorityId, planId);
    if (!plan?.chairId || plan.status !== 'ACTIVE') return 0;
    let alerted = 0;
    const tell = async (reason: string, dueBy: string, dedupeKey: string, actionId: string | null) => {
      if (
        await this.inbox.alert(manager, {
          authorityId,
          recipientId: plan.chairId!,
          kind: 'DRIFT',
          reason,
          dueBy,
          actionId,
          dedupeKey,
        })
      )
        alerted++;
    };
    for (const a of await this.driftingActions(authorityId, [planId], today, manager)) {
      const why =
        a.dueBy < today ? `is overdue (due ${a.dueBy})` : 'was marked drifting at two core group meetings in a row';
      await tell(
        `The plan for ${plan.caseReference} is drifting: action "${a.description.slice(0, 120)}" ${why}`,
        a.dueBy,
        `plan-drift:${planId}:${a.id}`,
        a.id,
      );
    }
    const { coreGroupIntervalWeeks } = await this.settings.get(authorityId, manager);
    const due = nextMeetingDueBy(plan.firstMeetingDueBy, plan.lastHeldOn, coreGroupIntervalWeeks);
    if (due < today)
      await tell(
        `The plan for ${plan.caseReference} is drifting: its core group meeting was due by ${due}`,
        due,
        `plan-drift:${planId}:core-group:${due}`,
        null,
      );
    return alerted;
  }

  /** A meeting held after its due date was overdue: drift, whatever happens next. */
  async alertLateMeeting(
    manager: EntityManager,
    authorityId: string,
    planId: string,
    dueBy: string,
    heldOn: string,
  ): Promise<void> {
    const row = await this.groups.chairOfPlan(manager, authorityId, planId);
    if (!row?.chairId) return;
    await this.inbox.alert(manager, {
      authorityId,
      recipientId: row.chairId,
      kind: 'DRIFT',
      dueBy,
      reason: `The plan for ${row.caseReference} is drifting: its core group met on ${heldOn}, after the due date ${dueBy}`,
      dedupeKey: `plan-drift:${planId}:core-group:${dueBy}`,
    });
  }
}
