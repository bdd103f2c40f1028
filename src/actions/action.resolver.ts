import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { GraphQLDate } from '../common/scalars';
import { requiredText } from '../common/validation';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { StaffMemberType } from '../directory/directory.types';
import { ActionLoaders } from './action.loaders';
import { ActionService } from './action.service';
import { ActionType, CompleteActionInput } from './action.types';

@Resolver(() => ActionType)
export class ActionResolver {
  constructor(
    private readonly actions: ActionService,
    private readonly loaders: ActionLoaders,
    private readonly directory: DirectoryLoaders,
    private readonly audit: AuditHistory,
  ) {}

  @ResolveField(() => StaffMemberType)
  owner(@Parent() action: ActionType, @Context() ctx: object) {
    // what a compiled read primed, without a promise (issue 17); otherwise the loader
    return this.directory.staffNow(ctx, action.ownerId);
  }

  @ResolveField(() => [AuditEventType], { description: "the action's audit events, oldest first" })
  history(@Parent() action: ActionType, @Context() ctx: object) {
    return this.audit.of(ctx, 'Action', action.id);
  }

  @Mutation(() => ActionType, {
    description: "the action's owner (or the owner's manager) completes it with an outcome",
  })
  async completeAction(@Caller() user: CurrentUser, @Args('input') input: CompleteActionInput, @Context() ctx: object) {
    const id = await this.actions.complete(user, input);
    return this.loaders.byId(ctx).load(id);
  }

  @Mutation(() => ActionType, { description: 'cancels an open action, with a reason' })
  async cancelAction(
    @Caller() user: CurrentUser,
    @Args('actionId', { type: () => ID }) actionId: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: object,
  ) {
    const id = await this.actions.cancel(user, actionId, requiredText('reason', reason), expectedVersion);
    return this.loaders.byId(ctx).load(id);
  }

  @Mutation(() => ActionType, {
    description: "moves an open action's due date, with a reason; the overdue alert re-arms",
  })
  async changeActionDueDate(
    @Caller() user: CurrentUser,
    @Args('actionId', { type: () => ID }) actionId: string,
    @Args('dueBy', { type: () => GraphQLDate }) dueBy: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
    @Context() ctx: object,
  ) {
    const id = await this.actions.changeDueDate(user, actionId, dueBy, requiredText('reason', reason), expectedVersion);
    return this.loaders.byId(ctx).load(id);
  }
}
