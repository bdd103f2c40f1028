import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import type { IsoDate } from '../calendar/working-calendar';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';
import { ActionSource, ActionStatus } from './action.entity';
import type { ActionRecord } from './action.repository';

export const ActionStatusEnum = { OPEN: 'OPEN', COMPLETED: 'COMPLETED', CANCELLED: 'CANCELLED' } as const;
export const ActionSourceEnum = { CONVERSATION: 'CONVERSATION', ESCALATION: 'ESCALATION', CORE_GROUP: 'CORE_GROUP', CONFERENCE: 'CONFERENCE', AUDIT: 'AUDIT' } as const;
registerEnumType(ActionStatusEnum, { name: 'ActionStatus' });
registerEnumType(ActionSourceEnum, { name: 'ActionSource', description: 'what agreed the action' });

@ObjectType('Action', { description: 'An agreed action with an owner and a due date, from a conversation, escalation, core group, conference or audit.' })
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

/**
 * @deprecated the action table's snake_case row, still read by src/plans and src/core-groups
 * (their SQL on the action table moves to ActionRepository with issue 11b); use ActionRecord.
 */
export interface ActionRow {
  id: string;
  authority_id: string;
  source: ActionSource;
  subject_type: string;
  subject_id: string;
  child_id: string;
  plan_id: string | null;
  description: string;
  owner_id: string;
  created_by_id: string | null;
  agreed_on: string;
  due_by: string;
  status: ActionStatus;
  completed_on: string | null;
  outcome: string | null;
  cancel_reason: string | null;
  version: number;
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

/** @deprecated see ActionRow: for src/plans and src/core-groups until their action reads go through ActionRepository. */
export const actionFromRow = (r: ActionRow, today: IsoDate): ActionType => ({
  id: r.id,
  description: r.description,
  dueBy: r.due_by,
  status: r.status,
  overdue: r.status === 'OPEN' && r.due_by < today,
  completedOn: r.completed_on,
  outcome: r.outcome,
  cancelReason: r.cancel_reason,
  agreedOn: r.agreed_on,
  source: r.source,
  version: r.version,
  ownerId: r.owner_id,
  createdById: r.created_by_id,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  childId: r.child_id,
});

@InputType()
export class ActionInput {
  @TextField(TEXT_LIMITS.summary)
  description: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  ownerId: string;

  @Field(() => GraphQLDate, { description: 'on or after the day the action was agreed; a past date makes it overdue at once' })
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
