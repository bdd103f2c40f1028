import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsUUID } from 'class-validator';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';
import { ADVOCATE_OFFER_STATUSES, AdvocateOfferStatus } from './advocate-offer.machine';

export const AdvocateOfferStatusEnum = Object.fromEntries(ADVOCATE_OFFER_STATUSES.map((s) => [s, s])) as Record<AdvocateOfferStatus, AdvocateOfferStatus>;
registerEnumType(AdvocateOfferStatusEnum, { name: 'AdvocateOfferStatus' });

@ObjectType('AdvocateOffer', { description: "An offer of an independent advocate to a child, tracked to its end." })
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

/** advocate_offer as SQL returns it (dates as 'YYYY-MM-DD'). */
export interface AdvocateOfferRow {
  id: string;
  authority_id: string;
  child_id: string;
  conference_id: string | null;
  status: AdvocateOfferStatus;
  offered_on: string;
  offered_by_id: string;
  responded_on: string | null;
  decline_reason: string | null;
  advocate_name: string | null;
  allocated_on: string | null;
  completed_on: string | null;
  withdrawn_reason: string | null;
  version: number;
}

export const offerFromRow = (r: AdvocateOfferRow): AdvocateOfferType => ({
  id: r.id,
  status: r.status,
  offeredOn: r.offered_on,
  respondedOn: r.responded_on,
  declineReason: r.decline_reason,
  advocateName: r.advocate_name,
  completedOn: r.completed_on,
  withdrawnReason: r.withdrawn_reason,
  version: r.version,
  childId: r.child_id,
  conferenceId: r.conference_id,
  offeredById: r.offered_by_id,
});
