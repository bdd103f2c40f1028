import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { ActionInput } from '../actions/action.types';
import { GraphQLDate, GraphQLDateTime } from '../common/scalars';
import { MeetingRecord } from './core-group.repository';

export enum MeetingStatus {
  SCHEDULED = 'SCHEDULED',
  HELD = 'HELD',
  CANCELLED = 'CANCELLED',
}
export enum ActionProgressStatus {
  ON_TRACK = 'ON_TRACK',
  DRIFTING = 'DRIFTING',
  COMPLETED = 'COMPLETED',
  NOT_STARTED = 'NOT_STARTED',
}
registerEnumType(MeetingStatus, { name: 'MeetingStatus' });
registerEnumType(ActionProgressStatus, {
  name: 'ActionProgressStatus',
  description: 'progress against a plan action, as a core group meeting records it',
});

@ObjectType('CoreGroup', {
  description:
    "A plan's core group: it meets first within 10 working days of the ICPC, then at the authority's interval (default 4 weeks).",
})
export class CoreGroupType {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLDate, { description: 'ICPC (or transfer-in conference) + 10 working days' })
  firstMeetingDueBy: string;

  planId: string;
  planActive: boolean;
  lastHeldOn: string | null;
}

@ObjectType('CoreGroupMeeting')
export class CoreGroupMeetingType {
  @Field(() => ID)
  id: string;

  @Field(() => MeetingStatus)
  status: MeetingStatus;

  @Field(() => GraphQLDateTime, { nullable: true })
  scheduledFor: Date | null;

  @Field(() => GraphQLDate, { nullable: true })
  heldOn: string | null;

  @Field(() => GraphQLDate, { description: "the core group's next due date when the meeting was scheduled" })
  dueBy: string;

  @Field(() => Boolean, { nullable: true, description: 'null until held; heldOn <= dueBy' })
  withinTimescale: boolean | null;

  @Field(() => Int)
  version: number;

  coreGroupId: string;
}

@ObjectType('ActionProgress', { description: 'progress against one plan action at one core group meeting' })
export class ActionProgressType {
  @Field(() => ActionProgressStatus)
  progress: ActionProgressStatus;

  actionId: string;
  meetingId: string;
}

export const meetingNode = (r: MeetingRecord): CoreGroupMeetingType => ({
  id: r.id,
  coreGroupId: r.coreGroupId,
  status: r.status as MeetingStatus,
  scheduledFor: r.scheduledFor,
  heldOn: r.heldOn,
  dueBy: r.dueBy,
  withinTimescale: r.heldOn ? r.heldOn <= r.dueBy : null,
  version: r.version,
});

@InputType()
export class ScheduleCoreGroupMeetingInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  planId: string;

  @Field(() => GraphQLDateTime)
  scheduledFor: Date;
}

@InputType()
export class ActionProgressInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  actionId: string;

  @Field(() => ActionProgressStatus)
  @IsEnum(ActionProgressStatus)
  progress: ActionProgressStatus;
}

@InputType()
export class RecordCoreGroupMeetingInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  meetingId: string;

  @Field(() => GraphQLDate)
  heldOn: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;

  @Field(() => [ActionProgressInput], {
    nullable: true,
    description: 'progress against every open action of the plan (required when it has open actions)',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ActionProgressInput)
  progress?: ActionProgressInput[] | null;

  @Field(() => [ActionInput], {
    nullable: true,
    description: 'actions the core group adds to the plan (source CORE_GROUP)',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ActionInput)
  actions?: ActionInput[] | null;
}
