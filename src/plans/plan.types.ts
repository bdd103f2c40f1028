import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';
import { PlanRecord } from './plan.repository';

export enum PlanStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(PlanStatus, { name: 'PlanStatus' });

/** A plan's category of abuse (set by the conference that starts or continues it). */
export enum AbuseCategory {
  NEGLECT = 'NEGLECT',
  PHYSICAL_ABUSE = 'PHYSICAL_ABUSE',
  EMOTIONAL_ABUSE = 'EMOTIONAL_ABUSE',
  SEXUAL_ABUSE = 'SEXUAL_ABUSE',
  MULTIPLE = 'MULTIPLE',
}
registerEnumType(AbuseCategory, { name: 'AbuseCategory', description: 'census codes NEG, PHY, EMO, SAB, MUL' });

/** Why a plan ended. REVIEW_CONFERENCE is set by a review; the rest by endChildProtectionPlan. */
export enum PlanEndReason {
  REVIEW_CONFERENCE = 'REVIEW_CONFERENCE',
  TURNED_18 = 'TURNED_18',
  TRANSFERRED_OUT = 'TRANSFERRED_OUT',
  LEFT_UK = 'LEFT_UK',
  BECAME_LOOKED_AFTER = 'BECAME_LOOKED_AFTER',
  DIED = 'DIED',
}
registerEnumType(PlanEndReason, { name: 'PlanEndReason' });

@ObjectType('ChildProtectionPlan')
export class ChildProtectionPlanType {
  @Field(() => ID)
  id: string;

  @Field(() => AbuseCategory, { description: 'the latest category (census N00114)' })
  category: AbuseCategory;

  @Field(() => AbuseCategory, { description: 'the category at the start (census N00113)' })
  initialCategory: AbuseCategory;

  @Field(() => PlanStatus)
  status: PlanStatus;

  @Field(() => GraphQLDate, { description: 'the day of the conference that started it' })
  startDate: string;

  @Field(() => GraphQLDate, { nullable: true })
  endDate: string | null;

  @Field(() => String, { nullable: true })
  endReason: string | null;

  @Field(() => PlanEndReason, { nullable: true })
  endReasonCode: PlanEndReason | null;

  @Field(() => Int)
  version: number;

  childId: string;
  authorityId: string;
  unbornAtStart: boolean;
  lastConferenceId: string;
}

export const planNode = (r: PlanRecord): ChildProtectionPlanType => ({
  id: r.id,
  authorityId: r.authorityId,
  childId: r.childId,
  category: r.category as AbuseCategory,
  initialCategory: r.initialCategory as AbuseCategory,
  status: r.status as PlanStatus,
  startDate: r.startDate,
  endDate: r.endDate,
  endReason: r.endReason,
  endReasonCode: r.endReasonCode as PlanEndReason | null,
  version: r.version,
  unbornAtStart: r.unbornAtStart,
  lastConferenceId: r.lastConferenceId,
});

@InputType()
export class EndChildProtectionPlanInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  planId: string;

  @Field(() => GraphQLDate, { description: 'after the plan started, and not in the future' })
  endDate: string;

  @Field(() => PlanEndReason, {
    description: 'any reason but REVIEW_CONFERENCE (a review ends a plan through recordConferenceHeld)',
  })
  @IsEnum(PlanEndReason)
  reason: PlanEndReason;

  @TextField(TEXT_LIMITS.reason, { nullable: true })
  note?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
