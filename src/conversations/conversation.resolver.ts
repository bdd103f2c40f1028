import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ActionLoaders } from '../actions/action.loaders';
import { ActionType } from '../actions/action.types';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { ChildType, StaffMemberType } from '../directory/directory.types';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { ConversationLoaders } from './conversation.loaders';
import { ConversationService } from './conversation.service';
import { ConversationType, RecordConversationInput } from './conversation.types';

@Resolver(() => ConversationType)
export class ConversationResolver {
  constructor(
    private readonly conversations: ConversationService,
    private readonly loaders: ConversationLoaders,
    private readonly directory: DirectoryLoaders,
    private readonly actions: ActionLoaders,
    private readonly audit: AuditHistory,
  ) {}

  @Query(() => ConversationType, { nullable: true })
  conversation(@Caller() user: CurrentUser, @Args('id', { type: () => ID }) id: string) {
    return this.conversations.readable(user, id);
  }

  @Mutation(() => ConversationType, { description: 'CHAIR. Records an informal challenge and its agreed actions.' })
  async recordConversation(
    @Caller() user: CurrentUser,
    @Args('input') input: RecordConversationInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: object,
  ) {
    const id = await this.conversations.record(user, input, key);
    return this.loaders.byId(ctx).load(id);
  }

  @ResolveField(() => StaffMemberType)
  chair(@Parent() c: ConversationType, @Context() ctx: object) {
    return this.directory.staff(ctx).load(c.chairId);
  }

  @ResolveField(() => StaffMemberType)
  withStaff(@Parent() c: ConversationType, @Context() ctx: object) {
    return this.directory.staff(ctx).load(c.withStaffId);
  }

  @ResolveField(() => ChildType)
  child(@Parent() c: ConversationType, @Context() ctx: object) {
    return this.directory.child(ctx).load(c.childId);
  }

  @ResolveField('actions', () => [ActionType])
  actionList(@Parent() c: ConversationType, @Context() ctx: object) {
    return this.actions.bySubject(ctx, 'Conversation').load(c.id);
  }

  @ResolveField(() => [AuditEventType])
  history(@Parent() c: ConversationType, @Context() ctx: object) {
    return this.audit.of(ctx, 'Conversation', c.id);
  }
}
