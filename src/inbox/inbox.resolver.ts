import { Context, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { ActionLoaders } from '../actions/action.loaders';
import { ActionType } from '../actions/action.types';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { EscalationLoaders } from '../escalations/escalation.loaders';
import { EscalationType } from '../escalations/escalation.types';
import { InboxNotice, INBOX_TOPIC } from '../notifications/inbox.service';
import { InboxReader } from './inbox.reader';
import { InboxItemType } from './inbox.types';
import { recipientTopic } from '../notifications/outbox-publisher';

type SubscriptionCtx = { pubsub: { subscribe(topic: string): Promise<AsyncIterable<unknown>> }; __loaders?: unknown };

@Resolver(() => InboxItemType)
export class InboxResolver {
  constructor(
    private readonly reader: InboxReader,
    private readonly escalations: EscalationLoaders,
    private readonly actions: ActionLoaders,
  ) {}

  @Query(() => [InboxItemType], { description: 'what is addressed to the caller now, soonest due first' })
  myInbox(@Caller() user: CurrentUser) {
    return this.reader.itemsFor(user);
  }

  // The caller's own topic only: the topic is derived from the verified token, never from arguments.
  @Subscription(() => InboxItemType, {
    description: "items arriving in the caller's inbox",
    resolve: (payload: InboxNotice, _args: unknown, ctx: SubscriptionCtx): InboxItemType => {
      // One context serves the whole subscription: start each event with fresh loaders.
      delete ctx.__loaders;
      return {
        reason: payload.reason,
        dueBy: payload.dueBy,
        escalationId: payload.escalationId ?? null,
        actionId: payload.actionId ?? null,
        caseAuditId: payload.caseAuditId ?? null,
        conferenceId: payload.conferenceId ?? null,
      };
    },
  })
  inboxItemAdded(@Caller() user: CurrentUser, @Context() ctx: SubscriptionCtx) {
    return ctx.pubsub.subscribe(recipientTopic(INBOX_TOPIC, user.staffId));
  }

  @ResolveField(() => EscalationType, { nullable: true })
  escalation(@Parent() item: InboxItemType, @Context() ctx: object) {
    return item.escalationId ? this.escalations.byId(ctx).load(item.escalationId) : null;
  }

  @ResolveField(() => ActionType, { nullable: true })
  action(@Parent() item: InboxItemType, @Context() ctx: object) {
    return item.actionId ? this.actions.byId(ctx).load(item.actionId) : null;
  }
}
