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
