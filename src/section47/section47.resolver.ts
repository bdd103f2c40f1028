import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { ChildType } from '../directory/directory.types';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { Section47Loaders } from './section47.loaders';
import { Section47Service } from './section47.service';
import {
  discussionNode,
  RecordSection47OutcomeInput,
  RecordStrategyDiscussionInput,
  Section47EnquiryType,
  StrategyDiscussionType,
} from './section47.types';

type Ctx = { user?: CurrentUser };

@Resolver(() => StrategyDiscussionType)
export class StrategyDiscussionResolver {
  constructor(
    private readonly service: Section47Service,
    private readonly loaders: Section47Loaders,
    private readonly directory: DirectoryLoaders,
  ) {}

  @Query(() => StrategyDiscussionType, { nullable: true, description: "team staff see only their own team's" })
  async strategyDiscussion(@Caller() user: CurrentUser, @Args('id', { type: () => ID }) id: string) {
    return discussionNode(await this.service.readableDiscussion(user, id));
  }

  @Mutation(() => StrategyDiscussionType, {
    description:
      "SOCIAL_WORKER or TEAM_MANAGER of the children's team, CHAIR. Records a strategy discussion; when it initiated s47, one enquiry per child starts on heldOn.",
  })
  async recordStrategyDiscussion(
    @Caller() user: CurrentUser,
    @Args('input') input: RecordStrategyDiscussionInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: Ctx,
  ) {
    return this.loaders.discussion(ctx).load(await this.service.recordDiscussion(user, input, key));
  }

  @Mutation(() => Section47EnquiryType, {
    description:
      "SOCIAL_WORKER or TEAM_MANAGER of the child's team, CHAIR. Records an open enquiry's outcome (N00111 ICPCnotRequired when no ICPC is needed).",
  })
  async recordSection47Outcome(
    @Caller() user: CurrentUser,
    @Args('input') input: RecordSection47OutcomeInput,
    @Context() ctx: Ctx,
  ) {
    return this.loaders.enquiry(ctx).load(await this.service.recordOutcome(user, input));
  }

  @ResolveField(() => [ChildType])
  children(@Parent() d: StrategyDiscussionType, @Context() ctx: Ctx) {
    return this.directory.child(ctx).loadMany(d.childIds);
  }

  @ResolveField(() => [Section47EnquiryType])
  enquiries(@Parent() d: StrategyDiscussionType, @Context() ctx: Ctx) {
    return this.loaders.enquiriesOf(ctx).load(d.id);
  }
}

@Resolver(() => Section47EnquiryType)
export class Section47EnquiryResolver {
  constructor(
    private readonly loaders: Section47Loaders,
    private readonly directory: DirectoryLoaders,
  ) {}

  @ResolveField(() => ChildType)
  child(@Parent() e: Section47EnquiryType, @Context() ctx: Ctx) {
    return this.directory.child(ctx).load(e.childId);
  }

  @ResolveField(() => StrategyDiscussionType)
  strategyDiscussion(@Parent() e: Section47EnquiryType, @Context() ctx: Ctx) {
    return this.loaders.discussion(ctx).load(e.strategyDiscussionId);
  }
}
