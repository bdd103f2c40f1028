import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsUUID } from 'class-validator';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';
import { ADVOCATE_OFFER_STATUSES, AdvocateOfferStatus } from './advocate-offer.machine';
import type { AdvocateOfferRecord } from './advocacy.repository';

export const AdvocateOfferStatusEnum = Object.fromEntries(ADVOCATE_OFFER_STATUSES.map((s) => [s, s])) as Record<
  AdvocateOfferStatus,
  AdvocateOfferStatus
>;
registerEnumType(AdvocateOfferStatusEnum, { name: 'AdvocateOfferStatus' });

@ObjectType('AdvocateOffer', { description: 'An offer of an independent advocate to a child, tracked to its end.' })
export class AdvocateOfferType {
  @Field(() => ID)
  id: string;

  @Field(() => AdvocateOfferStatusEnum)
  status: AdvocateOfferStatus;

  @Field(() => GraphQLDate)
  offeredOn: string;

  @Field(() => GraphQLDate, { nullable: true })
  respondedOn: string | null;

  @Field(() => String, { nullable: true, description: 'required when the offer is declined' })
  declineReason: string | null;

  @Field(() => String, { nullable: true, description: 'the advocate or their organisation, once allocated' })
  advocateName: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  completedOn: string | null;

  @Field(() => String, { nullable: true })
  withdrawnReason: string | null;

  @Field(() => Int)
  version: number;

  childId: string;
  conferenceId: string | null;
  offeredById: string;
}

@InputType()
export class OfferAdvocateInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  childId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  conferenceId?: string | null;

  @Field(() => GraphQLDate)
  offeredOn: string;
}

@InputType()
export class AdvocateResponseInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  offerId: string;

  @Field(() => Boolean)
  @IsBoolean()
  accepted: boolean;

  @Field(() => GraphQLDate)
  respondedOn: string;

  @TextField(TEXT_LIMITS.reason, { nullable: true, description: 'required when declined' })
  declineReason?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

export const offerFromRecord = (r: AdvocateOfferRecord): AdvocateOfferType => ({
  id: r.id,
  status: r.status,
  offeredOn: r.offeredOn,
  respondedOn: r.respondedOn,
  declineReason: r.declineReason,
  advocateName: r.advocateName,
  completedOn: r.completedOn,
  withdrawnReason: r.withdrawnReason,
  version: r.version,
  childId: r.childId,
  conferenceId: r.conferenceId,
  offeredById: r.offeredById,
});
