import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { addCalendarMonths } from '../calendar/working-calendar';
import { Clock } from '../clock/clock';
import { badField, notFound } from '../common/errors';
import { CoreGroupService } from '../core-groups/core-group.service';
import { CommandRunner } from '../idempotency/command-runner';
import { WorkflowService } from '../workflow/workflow.service';
import { PlanEndHooks } from './plan-end-hooks';
import { planMachine } from './plan.machine';
import { PlanRecord, PlanRepository } from './plan.repository';
import { EndChildProtectionPlanInput, PlanEndReason } from './plan.types';

const END_LABEL: Record<PlanEndReason, string> = {
  REVIEW_CONFERENCE: 'ended at a review conference',
  TURNED_18: 'the child turned 18',
  TRANSFERRED_OUT: 'the child transferred to another authority (after its transfer-in conference)',
  LEFT_UK: 'the child left the UK',
  BECAME_LOOKED_AFTER: 'the child became looked after',
  DIED: 'the child died',
};

export interface StartPlan {
  childId: string;
  category: string;
  startDate: string;
  conferenceId: string;
  unbornAtStart: boolean;
  firstCoreGroupDueBy: string;
}

/** A child protection plan's life: started, continued and ended by conferences, or ended outside one. */
@Injectable()
export class PlanService {
  constructor(
    private readonly clock: Clock,
    private readonly plans: PlanRepository,
    private readonly commands: CommandRunner,
    private readonly workflow: WorkflowService,
    private readonly policy: PolicyService,
    private readonly coreGroups: CoreGroupService,
    private readonly endHooks: PlanEndHooks,
  ) {}

  /** childProtectionPlan(id): another authority's is NOT_FOUND, another team's FORBIDDEN for team staff. */
  async assertReadable(user: CurrentUser, id: string): Promise<void> {
    const teamId = await this.plans.teamOf(user.authorityId, id);
    if (!teamId) throw notFound('ChildProtectionPlan', id);
    this.policy.assertCanReadTeam(user, teamId, 'the plan');
  }

  /** Starts a plan on the conference's date, with its core group. */
  async start(manager: EntityManager, user: CurrentUser, p: StartPlan): Promise<string> {
    const planId = await this.plans.insert(manager, {
      authorityId: user.authorityId,
      childId: p.childId,
      category: p.category,
      startDate: p.startDate,
      unbornAtStart: p.unbornAtStart,
      conferenceId: p.conferenceId,
    });
    await this.workflow.created(manager, planMachine, {
      id: planId,
      authorityId: user.authorityId,
      actorId: user.staffId,
      details: {
        childId: p.childId,
        category: p.category,
        startDate: p.startDate,
        conferenceId: p.conferenceId,
        unbornAtStart: p.unbornAtStart,
      },
    });
    await this.coreGroups.createFor(manager, user, planId, p.firstCoreGroupDueBy);
    return planId;
  }

  /** The children's active plans, locked (a held conference continues or ends them). */
  lockActiveOf(manager: EntityManager, authorityId: string, childIds: string[]): Promise<PlanRecord[]> {
    return this.plans.lockActiveOf(manager, authorityId, childIds);
  }

  async continueAtReview(
    manager: EntityManager,
    user: CurrentUser,
    plan: PlanRecord,
    conferenceId: string,
    category: string | null | undefined,
  ): Promise<void> {
    await this.workflow.transition(manager, planMachine, {
      id: plan.id,
      authorityId: user.authorityId,
      operation: 'continue',
      actorId: user.staffId,
      set: { last_conference_id: conferenceId, category: category ?? plan.category },
      details: { conferenceId, category: category ?? plan.category, previousCategory: plan.category },
    });
  }

  async endAtReview(
    manager: EntityManager,
    user: CurrentUser,
    plan: PlanRecord,
    conferenceId: string,
    endDate: string,
    endReason: string,
  ): Promise<void> {
    await this.workflow.transition(manager, planMachine, {
      id: plan.id,
      authorityId: user.authorityId,
      operation: 'end',
      actorId: user.staffId,
      reason: endReason,
      set: {
        end_date: endDate,
        end_reason: endReason,
        end_reason_code: PlanEndReason.REVIEW_CONFERENCE,
        last_conference_id: conferenceId,
      },
      details: { conferenceId, endDate, endReasonCode: PlanEndReason.REVIEW_CONFERENCE },
    });
  }

  /** Ends a plan outside a review (turned 18, moved, left the UK, looked after, died). */
  async endOutsideReview(user: CurrentUser, input: EndChildProtectionPlanInput): Promise<string> {
    if (input.reason === PlanEndReason.REVIEW_CONFERENCE)
      throw badField('reason', 'a review ends a plan through recordConferenceHeld');
    if (input.endDate > this.clock.today()) throw badField('endDate', 'must not be in the future');
    return this.commands.run({ user, operation: 'endChildProtectionPlan', input }, async (manager) => {
      // Lock order: the child first, as requests, recordConferenceHeld and recordBirth do.
      const plan = await this.plans.lockWithChild(manager, user.authorityId, input.planId);
      if (!plan) throw notFound('ChildProtectionPlan', input.planId);
      this.policy.assertCanWriteForTeam(user, plan.teamId, 'endChildProtectionPlan');
      // Census rule: a plan does not start and end on the same day.
      if (plan.status === 'ACTIVE' && input.endDate <= plan.startDate)
        throw badField('endDate', `must be after the plan's start, ${plan.startDate}`);
      if (
        plan.status === 'ACTIVE' &&
        input.reason === PlanEndReason.TURNED_18 &&
        plan.dateOfBirth &&
        input.endDate < addCalendarMonths(plan.dateOfBirth, 216)
      ) {
        throw badField('endDate', `is before the child's 18th birthday, ${addCalendarMonths(plan.dateOfBirth, 216)}`);
      }
      const endReason = input.note ? `${END_LABEL[input.reason]}: ${input.note}` : END_LABEL[input.reason];
      await this.workflow.transition(manager, planMachine, {
        id: plan.id,
        authorityId: user.authorityId,
        operation: 'end',
        actorId: user.staffId,
        expectedVersion: input.expectedVersion,
        reason: endReason,
        set: { end_date: input.endDate, end_reason: endReason, end_reason_code: input.reason },
        details: { endDate: input.endDate, endReasonCode: input.reason, note: input.note ?? null },
      });
      await this.endHooks.run(manager, user, plan.childId, endReason);
      return plan.id;
    });
  }
}
