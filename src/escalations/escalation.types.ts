import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActionInput } from '../actions/action.types';
import { Role } from '../auth/role';
import { PageInfo } from '../common/pagination';
import { GraphQLDate, GraphQLDateTime } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';
import { EscalationStatus, StageOutcome } from './escalation.entity';
import type { EscalationStageRecord } from './escalation.repository';

export const EscalationStatusEnum = {
  OPEN: 'OPEN',
  ACKNOWLEDGED: 'ACKNOWLEDGED',
  RESPONDED: 'RESPONDED',
  RESOLVED: 'RESOLVED',
  WITHDRAWN: 'WITHDRAWN',
} as const;
export const CONCERNS = [
  'PLAN_NOT_PROGRESSING',
  'VISITS_OVERDUE',
  'RISK_NOT_RECOGNISED',
  'ASSESSMENT_QUALITY',
  'THRESHOLD_DECISION',
  'CONFERENCE_REPORT_LATE',
  'ACTION_NOT_COMPLETED',
  'OTHER',
] as const;
export const ConcernCategoryEnum = Object.fromEntries(CONCERNS.map((c) => [c, c])) as {
  [K in (typeof CONCERNS)[number]]: K;
};
export const StageOutcomeEnum = {
  RESOLVED: 'RESOLVED',
  ESCALATED: 'ESCALATED',
  BREACHED_ESCALATED: 'BREACHED_ESCALATED',
  WITHDRAWN: 'WITHDRAWN',
} as const;
registerEnumType(EscalationStatusEnum, { name: 'EscalationStatus' });
registerEnumType(ConcernCategoryEnum, { name: 'ConcernCategory' });
registerEnumType(StageOutcomeEnum, { name: 'StageOutcome', description: 'how a stage ended' });

/** Stages 1 to 4 (DOMAIN.md: team manager, service manager, head of service, director). */
export const LAST_STAGE = 4;

@ObjectType('EscalationStage')
export class EscalationStageType {
  @Field(() => Int)
  stage: number;

  @Field(() => Role)
  assignedRole: Role;

  @Field(() => GraphQLDate)
  openedOn: string;

  @Field(() => GraphQLDate)
  responseDueBy: string;

  @Field(() => GraphQLDateTime, { nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  respondedAt: Date | null;

  @Field(() => String, { nullable: true })
  response: string | null;

  @Field(() => Boolean, { description: 'the response due date passed without a response' })
  breached: boolean;

  @Field(() => StageOutcomeEnum, { nullable: true })
  outcome: StageOutcome | null;

  assignedToId: string | null;
}

@ObjectType('Escalation', { description: "A chair's formal escalation, stage by stage." })
export class EscalationType {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'human reference, unique in the authority, e.g. ESC-2026-0042' })
  reference: string;

  @Field(() => GraphQLDate)
  raisedOn: string;

  @Field(() => ConcernCategoryEnum)
  concern: string;

  @Field(() => String)
  summary: string;

  @Field(() => EscalationStatusEnum)
  status: EscalationStatus;

  @Field(() => Int, { description: '1 to 4' })
  stage: number;

  @Field(() => GraphQLDate, { description: "the current stage's response due date" })
  responseDueBy: string;

  @Field(() => Boolean, { description: 'whether any stage was breached' })
  breached: boolean;

  @Field(() => GraphQLDate, { nullable: true, description: 'when it was resolved or withdrawn' })
  closedOn: string | null;

  @Field(() => Int)
  version: number;

  authorityId: string;
  childId: string;
  teamId: string;
  raisedById: string;
  conversationId: string | null;
  conferenceId: string | null;
}

/** A stage as GraphQL shows it; its assignee resolves from assignedToId. */
export const stageFromRecord = (r: EscalationStageRecord): EscalationStageType => ({
  stage: r.stage,
  assignedRole: r.assignedRole,
  assignedToId: r.assignedTo,
  openedOn: r.openedOn,
  responseDueBy: r.responseDueBy,
  acknowledgedAt: r.acknowledgedAt,
  respondedAt: r.respondedAt,
  response: r.response,
  breached: r.breached,
  outcome: r.outcome,
});

@ObjectType('EscalationEdge')
export class EscalationEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => EscalationType)
  node: EscalationType;
}

@ObjectType('EscalationConnection')
export class EscalationConnection {
  @Field(() => [EscalationEdge])
  edges: EscalationEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  /** Resolved by EscalationConnectionResolver, which counts only when a client asks. */
  @Field(() => Int)
  totalCount: number;
}

/** A page of the list as the service returns it: the count runs only if `totalCount` is selected. */
export type EscalationPage = Omit<EscalationConnection, 'totalCount'> & { count: () => Promise<number> };

@InputType()
export class EscalationFilter {
  @Field(() => [EscalationStatusEnum], { nullable: true })
  @IsOptional()
  @IsArray()
  status?: EscalationStatus[] | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LAST_STAGE)
  stage?: number | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  teamId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  raisedById?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  childId?: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  raisedFrom?: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  raisedTo?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'any stage breached' })
  @IsOptional()
  @IsBoolean()
  breached?: boolean | null;
}

@InputType()
export class RaiseEscalationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  childId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  conferenceId?: string | null;

  @Field(() => ID, { nullable: true, description: 'promotes this conversation; the link is kept both ways' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  conversationId?: string | null;

  @Field(() => ConcernCategoryEnum)
  @IsIn(CONCERNS)
  concern: string;

  @TextField(TEXT_LIMITS.summary)
  summary: string;

  @Field(() => GraphQLDate, { description: 'not after today' })
  raisedOn: string;

  @Field(() => Int, { nullable: true, description: 'start at a later stage (bypass); default 1' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number from 1 to 4' })
  @Min(1, { message: 'must be a whole number from 1 to 4' })
  @Max(LAST_STAGE, { message: 'must be a whole number from 1 to 4' })
  stage?: number | null;
}

@InputType()
export class RespondToEscalationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  escalationId: string;

  @TextField(TEXT_LIMITS.summary)
  response: string;

  @Field(() => [ActionInput], { nullable: true, description: 'agreed actions (source ESCALATION)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ActionInput)
  actions?: ActionInput[] | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}
