import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActionInput } from '../actions/action.types';
import { GraphQLDate, GraphQLDateTime } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';
import { AgencyAttendanceInput } from './conference-attendance';
import { AbuseCategory, ConferenceStatus, ConferenceTypeEnum, PlanDecision, ViewsShared } from './conference.types';

const ids = { each: true, message: 'must be ids' } as const;

@InputType()
export class RequestInitialConferenceInput {
  @Field(() => [ID], {
    nullable: true,
    description:
      'one or more children (siblings) of one team; with strategyDiscussionDate, records the discussion and its enquiries. Required unless section47EnquiryIds is given',
  })
  @IsOptional()
  @ArrayMinSize(1, { message: 'must name at least one child' })
  @ArrayMaxSize(20)
  @IsUUID('all', ids)
  childIds?: string[] | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'required with childIds' })
  strategyDiscussionDate?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'the enquiries this ICPC considers: their children and start dates stand in for childIds and strategyDiscussionDate, which the schema may then make optional',
  })
  @IsOptional()
  @ArrayMinSize(1, { message: 'must name at least one enquiry' })
  @ArrayMaxSize(20)
  @IsUUID('all', ids)
  section47EnquiryIds?: string[] | null;
}

@InputType()
export class RequestTransferInConferenceInput {
  @Field(() => [ID])
  @ArrayMinSize(1, { message: 'must name at least one child' })
  @ArrayMaxSize(20)
  @IsUUID('all', ids)
  childIds: string[];

  @Field(() => GraphQLDate)
  transferNotifiedOn: string;

  @Field(() => GraphQLDate, {
    nullable: true,
    description:
      "when the receiving authority accepted the referral: not in the future, and not before transferNotifiedOn (the referral follows the notification of the move). Required when the authority's transferInClockStart is REFERRAL_ACCEPTED (the 15 working days then count from it); otherwise optional and recorded",
  })
  referralAcceptedOn?: string | null;
}

@InputType()
export class ScheduleConferenceInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  conferenceId: string;

  @Field(() => GraphQLDateTime, { description: 'may be in the past, for a conference arranged earlier' })
  scheduledFor: Date;

  @Field(() => ID, { nullable: true, description: 'a CHAIR of the authority; default: the caller' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  chairId?: string | null;

  @TextField(TEXT_LIMITS.reason, { nullable: true, description: 'required when rescheduling' })
  reason?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}

@InputType()
export class ChildOutcomeInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  childId: string;

  @Field(() => PlanDecision)
  @IsEnum(PlanDecision)
  decision: PlanDecision;

  @Field(() => AbuseCategory, {
    nullable: true,
    description: 'required for PLAN_STARTED; for PLAN_CONTINUED, a change of category',
  })
  @IsOptional()
  category?: AbuseCategory | null;

  @TextField(TEXT_LIMITS.reason, { nullable: true, description: 'required for PLAN_ENDED' })
  endReason?: string | null;

  @Field(() => [ActionInput], {
    nullable: true,
    description: "the outline plan: actions for this child's plan (PLAN_STARTED or PLAN_CONTINUED), source CONFERENCE",
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ActionInput)
  actions?: ActionInput[] | null;
}

@InputType()
export class ChildParticipationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  childId: string;

  @Field(() => Boolean)
  @IsBoolean()
  attended: boolean;

  @Field(() => ViewsShared)
  @IsEnum(ViewsShared)
  viewsShared: ViewsShared;
}

@InputType()
export class RecordConferenceHeldInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  conferenceId: string;

  @Field(() => GraphQLDate)
  heldOn: string;

  @Field(() => [ChildOutcomeInput], { description: 'exactly one per child of the conference' })
  @ValidateNested({ each: true })
  @Type(() => ChildOutcomeInput)
  outcomes: ChildOutcomeInput[];

  @Field(() => [ChildParticipationInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ChildParticipationInput)
  participation?: ChildParticipationInput[] | null;

  @TextField(TEXT_LIMITS.summary, { nullable: true, description: 'required when heldOn is after dueBy' })
  delayReason?: string | null;

  @Field(() => [AgencyAttendanceInput], {
    nullable: true,
    description: 'the agencies invited, and whether each attended; required to decide quorum',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AgencyAttendanceInput)
  attendance?: AgencyAttendanceInput[] | null;

  @TextField(TEXT_LIMITS.summary, {
    nullable: true,
    description:
      "when not quorate: the chair's reason for going ahead; without it an inquorate conference decides nothing, its outcomes may be empty, and it is reconvened",
  })
  inquorateProceedReason?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}

@InputType()
export class ConferenceFilter {
  @Field(() => [ConferenceStatus], { nullable: true })
  @IsOptional()
  status?: ConferenceStatus[] | null;

  @Field(() => ConferenceTypeEnum, { nullable: true })
  @IsOptional()
  type?: ConferenceTypeEnum | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  childId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  chairId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  teamId?: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  dueFrom?: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  dueTo?: string | null;
}
