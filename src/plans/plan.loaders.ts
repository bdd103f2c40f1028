import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { actionFromRow, ActionRow, ActionType } from '../actions/action.types';
import { Clock } from '../clock/clock';
import { byKey, groupByKey, loader } from '../common/loaders';
import { DriftService } from '../core-groups/drift.service';
import { PlanRow } from './plan.rows';
import { ChildProtectionPlanType, planFromRow } from './plan.types';

type Ctx = { user?: { authorityId: string } };

/** Batched plan reads within the caller's authority. */
@Injectable()
export class PlanLoaders {
  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly drift: DriftService,
  ) {}

  plan(ctx: Ctx) {
    return loader<string, ChildProtectionPlanType | null>(ctx, 'plan', async (ids) => {
      const rows: PlanRow[] = await this.dataSource.query('SELECT * FROM child_protection_plan WHERE id = ANY($1) AND authority_id = $2', [ids, ctx.user!.authorityId]);
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? planFromRow(r) : null));
    });
  }

  /** A child's plans, newest first. */
  ofChild(ctx: Ctx) {
    return loader<string, ChildProtectionPlanType[]>(ctx, 'plan:ofChild', async (ids) => {
      const rows: PlanRow[] = await this.dataSource.query(
        'SELECT * FROM child_protection_plan WHERE child_id = ANY($1) AND authority_id = $2 ORDER BY start_date DESC, created_at DESC',
        [ids, ctx.user!.authorityId],
      );
      return groupByKey(ids, rows, (r) => r.child_id).map((list) => list.map(planFromRow));
    });
  }

  /** Every action of each plan (conference outline plan and core group additions), oldest first. */
  actions(ctx: Ctx) {
    return loader<string, ActionType[]>(ctx, 'plan:actions', async (ids) => {
      const rows: ActionRow[] = await this.dataSource.query(
        'SELECT * FROM action WHERE plan_id = ANY($1) AND authority_id = $2 ORDER BY created_at, id',
        [ids, ctx.user!.authorityId],
      );
      const today = this.clock.today();
      return groupByKey(ids, rows, (r) => r.plan_id!).map((list) => list.map((r) => actionFromRow(r, today)));
    });
  }

  drifting(ctx: Ctx) {
    return loader<string, ActionType[]>(ctx, 'plan:drifting', async (ids) => {
      const today = this.clock.today();
      const rows = await this.drift.driftingActions(ctx.user!.authorityId, ids, this.dataSource, today);
      return groupByKey(ids, rows, (r) => r.plan_id!).map((list) => list.map((r) => actionFromRow(r, today)));
    });
  }

  /** The due date of each child's open REVIEW conference: the plan's nextReviewDueBy. */
  nextReviewDueBy(ctx: Ctx) {
    return loader<string, string | null>(ctx, 'plan:nextReview', async (childIds) => {
      const rows: { child_id: string; due_by: string }[] = await this.dataSource.query(
        `SELECT cc.child_id, min(c.due_by) AS due_by FROM conference c JOIN conference_child cc ON cc.conference_id = c.id
         WHERE cc.child_id = ANY($1) AND c.authority_id = $2 AND c.type = 'REVIEW' AND c.status IN ('REQUESTED', 'SCHEDULED')
         GROUP BY cc.child_id`,
        [childIds, ctx.user!.authorityId],
      );
      return byKey(childIds, rows, (r) => r.child_id).map((r) => r?.due_by ?? null);
    });
  }
}
