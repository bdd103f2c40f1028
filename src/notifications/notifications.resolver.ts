import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { StaffMemberType } from '../directory/directory.types';
import { IdempotencyKeyHeader } from '../idempotency/idempotency-key.decorator';
import { NotificationsService } from './notifications.service';
import {
  NotificationDeliveryFilter,
  NotificationDeliveryType,
  RegisterWebhookInput,
  UpdateNotificationPreferencesInput,
  WebhookRegistrationType,
  WebhookType,
} from './notifications.types';

@Resolver(() => NotificationDeliveryType)
export class NotificationsResolver {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly loaders: DirectoryLoaders,
  ) {}

  @Query(() => [WebhookType], { description: "ADMIN. The authority's webhooks." })
  webhooks(@Caller() user: CurrentUser) {
    return this.notifications.webhooks(user);
  }

  @Query(() => [NotificationDeliveryType], {
    description: 'ADMIN. Email and webhook deliveries, newest first (PARKED: kept failing).',
  })
  notificationDeliveries(
    @Caller() user: CurrentUser,
    @Args('filter', { type: () => NotificationDeliveryFilter, nullable: true }) filter?: NotificationDeliveryFilter,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ) {
    return this.notifications.deliveries(user, filter, first);
  }

  @Mutation(() => WebhookRegistrationType, {
    description: 'ADMIN. Registers a URL for the given inbox event types; the answer carries the signing secret, once.',
  })
  registerWebhook(
    @Caller() user: CurrentUser,
    @Args('input') input: RegisterWebhookInput,
    @IdempotencyKeyHeader() key: string | null,
  ) {
    return this.notifications.registerWebhook(user, input, key);
  }

  @Mutation(() => WebhookType, {
    description: 'ADMIN. Enables or disables a webhook (one that kept failing is disabled by the service).',
  })
  setWebhookEnabled(
    @Caller() user: CurrentUser,
    @Args('webhookId', { type: () => ID }) webhookId: string,
    @Args('enabled', { type: () => Boolean }) enabled: boolean,
  ) {
    return this.notifications.setWebhookEnabled(user, webhookId, enabled);
  }

  @Mutation(() => NotificationDeliveryType, { description: 'ADMIN. Sends a PARKED delivery again.' })
  retryDelivery(@Caller() user: CurrentUser, @Args('deliveryId', { type: () => ID }) deliveryId: string) {
    return this.notifications.retryDelivery(user, deliveryId);
  }

  @Mutation(() => StaffMemberType, {
    description: "The caller's choice: an email per inbox item, or a daily digest at 08:00 on working days.",
  })
  async updateNotificationPreferences(
    @Caller() user: CurrentUser,
    @Args('input') input: UpdateNotificationPreferencesInput,
    @Context() ctx: object,
  ) {
    await this.notifications.updatePreferences(user, input);
    return this.loaders.staff(ctx).load(user.staffId);
  }

  @ResolveField(() => StaffMemberType, {
    nullable: true,
    description: 'the person an email went to, or whose inbox item a webhook announced',
  })
  recipient(@Parent() delivery: NotificationDeliveryType, @Context() ctx: object) {
    return delivery.recipientId ? this.loaders.staff(ctx).load(delivery.recipientId) : null;
  }
}
