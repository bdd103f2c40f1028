import { Injectable } from '@nestjs/common';
import { ActionRepository } from '../actions/action.repository';
import { actionFromRecord, ActionType } from '../actions/action.types';
import { Clock } from '../clock/clock';
import { byKey, groupByKey, loader } from '../common/loaders';
import { DriftService } from '../core-groups/drift.service';
import { PlanRepository } from './plan.repository';
import { ChildProtectionPlanType, planNode } from './plan.types';

type Ctx = { user?: { authorityId: string } };

/** Batched plan reads within the caller's authority. */
@Injectable()
export class PlanLoaders {
  constructor(
    private readonly clock: Clock,
    private readonly plans: PlanRepository,
    private readonly drift: DriftService,
    private readonly actionRecords: ActionRepository,
  ) {}

  plan(ctx: Ctx) {
    return loader<string, ChildProtectionPlanType | null>(ctx, 'plan', async (ids) => {
      const records = await this.plans.findMany(ctx.user!.authorityId, ids);
      return byKey(ids, records, (r) => r.id).map((r) => (r ? planNode(r) : null));
    });
  }

  /** A child's plans, newest first. */
  ofChild(ctx: Ctx) {
    return loader<string, ChildProtectionPlanType[]>(ctx, 'plan:ofChild', async (ids) => {
      const records = await this.plans.ofChildren(ctx.user!.authorityId, ids);
      return groupByKey(ids, records, (r) => r.childId).map((list) => list.map(planNode));
    });
  }

  /** Every action of each plan (conference outline plan and core group additions), oldest first. */
  actions(ctx: Ctx) {
    return loader<string, ActionType[]>(ctx, 'plan:actions', async (ids) => {
      const records = await this.actionRecords.findByPlans(ctx.user!.authorityId, ids);
      const today = this.clock.today();
      return groupByKey(ids, records, (r) => r.planId!).map((list) => list.map((r) => actionFromRecord(r, today)));
    });
  }

  drifting(ctx: Ctx) {
    return loader<string, ActionType[]>(ctx, 'plan:drifting', async (ids) => {
      const today = this.clock.today();
      const records = await this.drift.driftingActions(ctx.user!.authorityId, ids, today);
      return groupByKey(ids, records, (r) => r.planId!).map((list) => list.map((r) => actionFromRecord(r, today)));
    });
  }

  /** The due date of each child's open REVIEW conference: the plan's nextReviewDueBy. */
  nextReviewDueBy(ctx: Ctx) {
    return loader<string, string | null>(ctx, 'plan:nextReview', async (childIds) => {
      const rows = await this.plans.nextReviewDueBy(ctx.user!.authorityId, childIds);
      return byKey(childIds, rows, (r) => r.childId).map((r) => r?.dueBy ?? null);
    });
  }
}
