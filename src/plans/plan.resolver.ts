import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ActionType } from '../actions/action.types';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { GraphQLDate } from '../common/scalars';
import { CoreGroupLoaders } from '../core-groups/core-group.loaders';
import { CoreGroupType } from '../core-groups/core-group.types';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { ChildType } from '../directory/directory.types';
import { PlanLoaders } from './plan.loaders';
import { PlanService } from './plan.service';
import { ChildProtectionPlanType, EndChildProtectionPlanInput } from './plan.types';

type Ctx = { user?: CurrentUser };

@Resolver(() => ChildProtectionPlanType)
export class PlanResolver {
  constructor(
    private readonly plans: PlanService,
    private readonly loaders: PlanLoaders,
    private readonly coreGroups: CoreGroupLoaders,
    private readonly directory: DirectoryLoaders,
    private readonly audit: AuditHistory,
  ) {}

  @Query(() => ChildProtectionPlanType, {
    nullable: true,
    description: "a plan of the caller's authority; team staff see only their own team's",
  })
  async childProtectionPlan(
    @Caller() user: CurrentUser,
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: Ctx,
  ) {
    await this.plans.assertReadable(user, id);
    return this.loaders.plan(ctx).load(id);
  }

  @Mutation(() => ChildProtectionPlanType, {
    description:
      'ends a plan outside a review: the child turned 18, transferred out, left the UK, became looked after or died',
  })
  async endChildProtectionPlan(
    @Caller() user: CurrentUser,
    @Args('input') input: EndChildProtectionPlanInput,
    @Context() ctx: Ctx,
  ) {
    return this.loaders.plan(ctx).load(await this.plans.endOutsideReview(user, input));
  }

  @ResolveField(() => ChildType)
  child(@Parent() plan: ChildProtectionPlanType, @Context() ctx: Ctx) {
    return this.directory.child(ctx).load(plan.childId);
  }

  @ResolveField(() => GraphQLDate, {
    nullable: true,
    description: 'the due date of the open review conference for this child; null once ended',
  })
  nextReviewDueBy(@Parent() plan: ChildProtectionPlanType, @Context() ctx: Ctx) {
    return plan.status === 'ACTIVE' ? this.loaders.nextReviewDueBy(ctx).load(plan.childId) : null;
  }

  @ResolveField(() => CoreGroupType)
  coreGroup(@Parent() plan: ChildProtectionPlanType, @Context() ctx: Ctx) {
    return this.coreGroups.ofPlan(ctx).load(plan.id);
  }

  @ResolveField(() => [ActionType], {
    description: "the plan's actions: the conference's outline plan and the core group's additions",
  })
  actions(@Parent() plan: ChildProtectionPlanType, @Context() ctx: Ctx) {
    return this.loaders.actions(ctx).load(plan.id);
  }

  @ResolveField(() => [ActionType], {
    description: 'open actions that are overdue, or were marked DRIFTING at the last two core group meetings',
  })
  driftingActions(@Parent() plan: ChildProtectionPlanType, @Context() ctx: Ctx) {
    return plan.status === 'ACTIVE' ? this.loaders.drifting(ctx).load(plan.id) : [];
  }

  @ResolveField(() => [AuditEventType])
  history(@Parent() plan: ChildProtectionPlanType, @Context() ctx: Ctx) {
    return this.audit.of(ctx, 'ChildProtectionPlan', plan.id);
  }
}

/** Child.activePlan and Child.plans, on the directory's ChildType. */
@Resolver(() => ChildType)
export class ChildPlansResolver {
  constructor(private readonly loaders: PlanLoaders) {}

  @ResolveField(() => ChildProtectionPlanType, { nullable: true })
  async activePlan(@Parent() child: ChildType, @Context() ctx: Ctx) {
    return (await this.loaders.ofChild(ctx).load(child.id)).find((p) => p.status === 'ACTIVE') ?? null;
  }

  @ResolveField(() => [ChildProtectionPlanType], { description: 'newest first' })
  plans(@Parent() child: ChildType, @Context() ctx: Ctx) {
    return this.loaders.ofChild(ctx).load(child.id);
  }
}

@Resolver(() => CoreGroupType)
export class CoreGroupPlanResolver {
  constructor(private readonly loaders: PlanLoaders) {}

  @ResolveField(() => ChildProtectionPlanType)
  plan(@Parent() group: CoreGroupType, @Context() ctx: Ctx) {
    return this.loaders.plan(ctx).load(group.planId);
  }
}
