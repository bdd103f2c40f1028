import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import type { IsoDate } from '../calendar/working-calendar';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';
import { ActionSource, ActionStatus } from './action.entity';
import type { ActionRecord } from './action.repository';

export const ActionStatusEnum = { OPEN: 'OPEN', COMPLETED: 'COMPLETED', CANCELLED: 'CANCELLED' } as const;
export const ActionSourceEnum = {
  CONVERSATION: 'CONVERSATION',
  ESCALATION: 'ESCALATION',
  CORE_GROUP: 'CORE_GROUP',
  CONFERENCE: 'CONFERENCE',
  AUDIT: 'AUDIT',
} as const;
registerEnumType(ActionStatusEnum, { name: 'ActionStatus' });
registerEnumType(ActionSourceEnum, { name: 'ActionSource', description: 'what agreed the action' });

@ObjectType('Action', {
  description:
    'An agreed action with an owner and a due date, from a conversation, escalation, core group, conference or audit.',
})
export class ActionType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  description: string;

  @Field(() => GraphQLDate)
  dueBy: string;

  @Field(() => ActionStatusEnum)
  status: ActionStatus;

  @Field(() => Boolean, { description: 'open and past dueBy (today in Europe/London)' })
  overdue: boolean;

  @Field(() => GraphQLDate, { nullable: true })
  completedOn: string | null;

  @Field(() => String, { nullable: true })
  outcome: string | null;

  @Field(() => String, { nullable: true, description: 'why it was cancelled' })
  cancelReason: string | null;

  @Field(() => GraphQLDate, { description: 'the day it was agreed' })
  agreedOn: string;

  @Field(() => ActionSourceEnum)
  source: ActionSource;

  @Field(() => Int)
  version: number;

  ownerId: string;
  createdById: string | null;
  subjectType: string;
  subjectId: string;
  childId: string;
}

/** `today` is the clock's (issue 10): `overdue` depends on it. */
export const actionFromRecord = (r: ActionRecord, today: IsoDate): ActionType => ({
  id: r.id,
  description: r.description,
  dueBy: r.dueBy,
  status: r.status,
  overdue: r.status === 'OPEN' && r.dueBy < today,
  completedOn: r.completedOn,
  outcome: r.outcome,
  cancelReason: r.cancelReason,
  agreedOn: r.agreedOn,
  source: r.source,
  version: r.version,
  ownerId: r.ownerId,
  createdById: r.createdById,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  childId: r.childId,
});

@InputType()
export class ActionInput {
  @TextField(TEXT_LIMITS.summary)
  description: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  ownerId: string;

  @Field(() => GraphQLDate, {
    description: 'on or after the day the action was agreed; a past date makes it overdue at once',
  })
  dueBy: string;
}

@InputType()
export class CompleteActionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  actionId: string;

  @TextField(TEXT_LIMITS.summary)
  outcome: string;

  @Field(() => GraphQLDate)
  completedOn: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
