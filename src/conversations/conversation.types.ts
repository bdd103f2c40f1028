import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ActionInput } from '../actions/action.types';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';

@ObjectType('Conversation', { description: "A chair's informal challenge, with the actions agreed." })
export class ConversationType {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLDate)
  heldOn: string;

  @Field(() => String)
  summary: string;

  chairId: string;
  withStaffId: string;
  childId: string;
  escalationId: string | null;
}

export interface ConversationRow {
  id: string;
  authority_id: string;
  chair_id: string;
  with_staff_id: string;
  child_id: string;
  held_on: string;
  summary: string;
  escalation_id: string | null;
}

export const conversationFromRow = (r: ConversationRow): ConversationType => ({
  id: r.id,
  heldOn: r.held_on,
  summary: r.summary,
  chairId: r.chair_id,
  withStaffId: r.with_staff_id,
  childId: r.child_id,
  escalationId: r.escalation_id,
});

@InputType()
export class RecordConversationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  childId: string;

  @Field(() => ID, { description: 'the social worker or manager the chair spoke with' })
  @IsUUID('all', { message: 'must be an id' })
  withStaffId: string;

  @Field(() => GraphQLDate, { description: 'not after today' })
  heldOn: string;

  @TextField(TEXT_LIMITS.summary)
  summary: string;

  @Field(() => [ActionInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ActionInput)
  actions?: ActionInput[] | null;
}
