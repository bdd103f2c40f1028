import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsOptional, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { GraphQLDateTime } from '../common/scalars';
import { EmailMode } from '../directory/email-mode';
import { NotificationEventType } from './notification-kinds';

export enum DeliveryChannel {
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}
export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  PARKED = 'PARKED',
}
export enum WebhookStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}
registerEnumType(DeliveryChannel, { name: 'DeliveryChannel' });
registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description:
    'PENDING: waiting to be sent (again); DELIVERED; PARKED: kept failing, waits for an ADMIN (retryDelivery)',
});
registerEnumType(WebhookStatus, { name: 'WebhookStatus' });

@ObjectType('Webhook', { description: "A URL of the authority's other systems that receives signed inbox events." })
export class WebhookType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  url: string;

  @Field(() => [NotificationEventType])
  eventTypes: NotificationEventType[];

  @Field(() => WebhookStatus)
  status: WebhookStatus;

  @Field(() => String, { nullable: true, description: 'why it was disabled' })
  disabledReason: string | null;

  @Field(() => GraphQLDateTime)
  createdAt: Date;
}

@ObjectType('WebhookRegistration')
export class WebhookRegistrationType {
  @Field(() => WebhookType)
  webhook: WebhookType;

  @Field(() => String, {
    description:
      'the HMAC-SHA256 key that signs every delivery (header X-CP-Signature: t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">). Shown only here.',
  })
  secret: string;
}

@ObjectType('NotificationDelivery', { description: 'One email or webhook delivery of an inbox item, with its state.' })
export class NotificationDeliveryType {
  @Field(() => ID, { description: "also the X-CP-Delivery-Id header and the body's id: receivers deduplicate by it" })
  id: string;

  @Field(() => DeliveryChannel)
  channel: DeliveryChannel;

  @Field(() => DeliveryStatus)
  status: DeliveryStatus;

  @Field(() => String, { description: "the inbox item's kind" })
  eventType: string;

  @Field(() => Int)
  attempts: number;

  @Field(() => GraphQLDateTime, { description: 'when it is (next) due to be sent' })
  dueAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => String, { nullable: true, description: 'the last failure, e.g. "HTTP 503" or "SMTP ECONNREFUSED"' })
  lastError: string | null;

  @Field(() => Boolean, { description: 'an email held for the daily digest' })
  digest: boolean;

  @Field(() => ID, { nullable: true })
  webhookId: string | null;

  @Field(() => GraphQLDateTime)
  createdAt: Date;

  recipientId: string | null;
}

@InputType()
export class RegisterWebhookInput {
  @Field(() => String)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'must be an http(s) URL' },
  )
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  url: string;

  @Field(() => [NotificationEventType])
  @ArrayMinSize(1, { message: 'must name at least one event type' })
  @ArrayMaxSize(20, { message: 'must name at most 20 event types' })
  @IsEnum(NotificationEventType, { each: true, message: 'must be event types' })
  eventTypes: NotificationEventType[];
}

@InputType()
export class UpdateNotificationPreferencesInput {
  @Field(() => EmailMode)
  @IsEnum(EmailMode, { message: 'must be IMMEDIATE or DAILY_DIGEST' })
  emailMode: EmailMode;
}

@InputType()
export class NotificationDeliveryFilter {
  @Field(() => DeliveryChannel, { nullable: true })
  @IsOptional()
  channel?: DeliveryChannel | null;

  @Field(() => DeliveryStatus, { nullable: true })
  @IsOptional()
  status?: DeliveryStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  webhookId?: string | null;
}
