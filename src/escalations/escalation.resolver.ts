import { lazyTotalCount } from '../common/pagination';
import { Args, Context, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ActionLoaders } from '../actions/action.loaders';
import { ActionType } from '../actions/action.types';
import { AuditHistory } from '../audit/audit-history';
import { AuditEventType } from '../audit/audit.types';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { requiredText, TEXT_LIMITS } from '../common/validation';
import { ConferenceLoaders } from '../conferences/conference.loaders';
import { ConferenceType } from '../conferences/conference.types';
import { ConversationLoaders } from '../conversations/conversation.loaders';
import { ConversationType } from '../conversations/conversation.types';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { ChildType, StaffMemberType } from '../directory/directory.types';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { EscalationLoaders } from './escalation.loaders';
import { EscalationQueries } from './escalation.queries';
import { EscalationService } from './escalation.service';
import {
  EscalationConnection,
  EscalationFilter,
  EscalationStageType,
  EscalationType,
  RaiseEscalationInput,
  RespondToEscalationInput,
} from './escalation.types';

const optionalText = (field: string, value: string | null | undefined) =>
  value == null || !value.trim() ? null : requiredText(field, value, TEXT_LIMITS.summary);

@Resolver(() => EscalationType)
export class EscalationResolver {
  constructor(
    private readonly commands: EscalationService,
    private readonly queries: EscalationQueries,
    private readonly loaders: EscalationLoaders,
    private readonly directory: DirectoryLoaders,
    private readonly actions: ActionLoaders,
    private readonly conversations: ConversationLoaders,
    private readonly audit: AuditHistory,
    private readonly conferences: ConferenceLoaders,
  ) {}

  @Query(() => EscalationType, { nullable: true })
  escalation(
    @Caller() user: CurrentUser,
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: object,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.queries.readable(user, id, { ctx, info });
  }

  @Query(() => EscalationConnection, { description: "newest raised first; team staff see only their own team's" })
  escalations(
    @Caller() user: CurrentUser,
    @Args('filter', { type: () => EscalationFilter, nullable: true }) filter: EscalationFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() ctx: object,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.queries.list(user, filter, first, after, { ctx, info });
  }

  @Mutation(() => EscalationType, {
    description: 'CHAIR. Raises a formal escalation (optionally promoting a conversation), opening its first stage.',
  })
  async raiseEscalation(
    @Caller() user: CurrentUser,
    @Args('input') input: RaiseEscalationInput,
    @IdempotencyKeyHeader() key: string | null,
    @Context() ctx: object,
  ) {
    return this.load(ctx, await this.commands.raise(user, input, key));
  }

  @Mutation(() => EscalationType, { description: "the current stage's assignee acknowledges it" })
  async acknowledgeEscalation(
    @Caller() user: CurrentUser,
    @Args('escalationId', { type: () => ID }) id: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) v: number | null,
    @Context() ctx: object,
  ) {
    return this.load(ctx, await this.commands.acknowledge(user, id, v));
  }

  @Mutation(() => EscalationType, { description: "the current stage's assignee responds, with agreed actions" })
  async respondToEscalation(
    @Caller() user: CurrentUser,
    @Args('input') input: RespondToEscalationInput,
    @Context() ctx: object,
  ) {
    return this.load(ctx, await this.commands.respond(user, input));
  }

  @Mutation(() => EscalationType, { description: 'the chair who raised it is satisfied with the response' })
  async resolveEscalation(
    @Caller() user: CurrentUser,
    @Args('escalationId', { type: () => ID }) id: string,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @Args('expectedVersion', { type: () => Int, nullable: true }) v: number | null,
    @Context() ctx: object,
  ) {
    return this.load(ctx, await this.commands.resolve(user, id, optionalText('note', note), v));
  }

  @Mutation(() => EscalationType, {
    description: 'the chair who raised it escalates to the next stage; its clock starts today',
  })
  async escalateToNextStage(
    @Caller() user: CurrentUser,
    @Args('escalationId', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) v: number | null,
    @Context() ctx: object,
  ) {
    return this.load(ctx, await this.commands.escalateByChair(user, id, requiredText('reason', reason), v));
  }

  @Mutation(() => EscalationType, { description: 'the chair who raised it withdraws it, with a reason' })
  async withdrawEscalation(
    @Caller() user: CurrentUser,
    @Args('escalationId', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) v: number | null,
    @Context() ctx: object,
  ) {
    return this.load(ctx, await this.commands.withdraw(user, id, requiredText('reason', reason), v));
  }

  @ResolveField(() => ChildType)
  child(@Parent() e: EscalationType, @Context() ctx: object) {
    return this.directory.childNow(ctx, e.childId);
  }

  @ResolveField(() => StaffMemberType)
  raisedBy(@Parent() e: EscalationType, @Context() ctx: object) {
    return this.directory.staffNow(ctx, e.raisedById);
  }

  @ResolveField(() => [EscalationStageType])
  stages(@Parent() e: EscalationType, @Context() ctx: object) {
    return this.loaders.stagesNow(ctx, e.id);
  }

  @ResolveField('actions', () => [ActionType], { description: 'actions agreed in responses (source ESCALATION)' })
  actionList(@Parent() e: EscalationType, @Context() ctx: object) {
    return this.actions.bySubjectNow(ctx, 'Escalation', e.id);
  }

  @ResolveField(() => ConversationType, { nullable: true, description: 'the conversation this escalation promoted' })
  conversation(@Parent() e: EscalationType, @Context() ctx: object) {
    return e.conversationId ? this.conversations.byId(ctx).load(e.conversationId) : null;
  }

  @ResolveField(() => ConferenceType, { nullable: true })
  conference(@Parent() e: EscalationType, @Context() ctx: object) {
    return e.conferenceId ? this.conferences.conference(ctx).load(e.conferenceId) : null;
  }

  @ResolveField(() => [AuditEventType])
  history(@Parent() e: EscalationType, @Context() ctx: object) {
    return this.audit.ofNow(ctx, 'Escalation', e.id);
  }

  private async load(ctx: object, id: string) {
    return this.loaders.byId(ctx).load(id);
  }
}

/** EscalationConnection.totalCount: counted only when a client selects it (issue 17). */
export const EscalationConnectionResolver = lazyTotalCount(EscalationConnection);

@Resolver(() => EscalationStageType)
export class EscalationStageResolver {
  constructor(private readonly directory: DirectoryLoaders) {}

  @ResolveField(() => StaffMemberType, { nullable: true, description: 'null: anyone with assignedRole' })
  assignedTo(@Parent() s: EscalationStageType, @Context() ctx: object) {
    return s.assignedToId ? this.directory.staffNow(ctx, s.assignedToId) : null;
  }
}

/** Child.escalations and Conversation.escalation: the links from other modules' types. */
@Resolver(() => ChildType)
export class ChildEscalationsResolver {
  constructor(private readonly loaders: EscalationLoaders) {}

  @ResolveField(() => [EscalationType], { description: 'newest raised first' })
  escalations(@Parent() child: ChildType, @Context() ctx: object) {
    return this.loaders.byChild(ctx).load(child.id);
  }
}

@Resolver(() => ConversationType)
export class ConversationEscalationResolver {
  constructor(private readonly loaders: EscalationLoaders) {}

  @ResolveField(() => EscalationType, { nullable: true, description: 'the escalation it was promoted to' })
  escalation(@Parent() c: ConversationType, @Context() ctx: object) {
    return c.escalationId ? this.loaders.byId(ctx).load(c.escalationId) : null;
  }
}
