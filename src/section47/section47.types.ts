import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { GraphQLDate } from '../common/scalars';
import { Section47OutcomeName } from './section47.entity';
import { Section47EnquiryRecord, StrategyDiscussionRecord } from './section47.repository';

export const Section47OutcomeEnum = {
  ICPC_REQUIRED: 'ICPC_REQUIRED',
  ICPC_NOT_REQUIRED: 'ICPC_NOT_REQUIRED',
  CONCERNS_NOT_SUBSTANTIATED: 'CONCERNS_NOT_SUBSTANTIATED',
} as const;
registerEnumType(Section47OutcomeEnum, { name: 'Section47Outcome' });

@ObjectType('StrategyDiscussion', { description: 'a strategy discussion about one or more children (DOMAIN.md)' })
export class StrategyDiscussionType {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLDate)
  heldOn: string;

  @Field(() => Boolean, { description: 'true when this discussion initiated a section 47 enquiry for its children' })
  section47Initiated: boolean;

  teamId: string;
  childIds: string[];
}

@ObjectType('Section47Enquiry', {
  description: "one child's section 47 enquiry: the unit the DfE counts ICPC timeliness in",
})
export class Section47EnquiryType {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLDate, { description: 'N00148 S47ActualStartDate' })
  startedOn: string;

  @Field(() => Section47OutcomeEnum, { nullable: true })
  outcome: Section47OutcomeName | null;

  @Field(() => GraphQLDate, { nullable: true })
  completedOn: string | null;

  @Field(() => Int)
  version: number;

  childId: string;
  teamId: string;
  strategyDiscussionId: string;
  conferenceId: string | null;
}

export const discussionNode = (r: StrategyDiscussionRecord): StrategyDiscussionType => ({
  id: r.id,
  heldOn: r.heldOn,
  section47Initiated: r.section47Initiated,
  teamId: r.teamId,
  childIds: r.childIds,
});

export const enquiryNode = (r: Section47EnquiryRecord): Section47EnquiryType => ({
  id: r.id,
  startedOn: r.startedOn,
  outcome: r.outcome,
  completedOn: r.completedOn,
  version: r.version,
  childId: r.childId,
  teamId: r.teamId,
  strategyDiscussionId: r.strategyDiscussionId,
  conferenceId: r.conferenceId,
});

@InputType()
export class RecordStrategyDiscussionInput {
  @Field(() => [ID], { description: 'one or more children (siblings) of one team' })
  @ArrayMinSize(1, { message: 'must name at least one child' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'must be ids' })
  childIds: string[];

  @Field(() => GraphQLDate)
  heldOn: string;

  @Field(() => Boolean, {
    description: 'the discussion started a section 47 enquiry: one enquiry per child, starting on heldOn',
  })
  @IsBoolean()
  section47Initiated: boolean;
}

@InputType()
export class RecordSection47OutcomeInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  enquiryId: string;

  @Field(() => Section47OutcomeEnum)
  @IsEnum(Section47OutcomeEnum)
  outcome: Section47OutcomeName;

  @Field(() => GraphQLDate)
  completedOn: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
