import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { ActionInput } from '../actions/action.types';
import { PageInfo } from '../common/pagination';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';
import { CaseAuditGrade, CaseAuditStatus, ProposedAction } from './case-audit.entity';

export const CASE_AUDIT_GRADES: CaseAuditGrade[] = ['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'];
export const CaseAuditGradeEnum = { OUTSTANDING: 'OUTSTANDING', GOOD: 'GOOD', REQUIRES_IMPROVEMENT: 'REQUIRES_IMPROVEMENT', INADEQUATE: 'INADEQUATE' } as const;
export const CaseAuditStatusEnum = { AWAITING_AGREEMENT: 'AWAITING_AGREEMENT', AGREED: 'AGREED', CLOSED: 'CLOSED' } as const;
registerEnumType(CaseAuditGradeEnum, { name: 'CaseAuditGrade' });
registerEnumType(CaseAuditStatusEnum, { name: 'CaseAuditStatus' });

@ObjectType('CaseAuditProposedAction', { description: "an action the auditor proposed; it becomes an Action when the team manager agrees the audit" })
export class CaseAuditProposedActionType {
  @Field(() => String)
  description: string;

  @Field(() => GraphQLDate)
  dueBy: string;

  ownerId: string;
}

@ObjectType('CaseAudit', { description: "A quality assurance audit of one child's record, its agreed actions followed up (DOMAIN.md)." })
export class CaseAuditType {
  @Field(() => ID)
  id: string;

  @Field(() => CaseAuditStatusEnum)
  status: CaseAuditStatus;

  @Field(() => GraphQLDate)
  auditedOn: string;

  @Field(() => CaseAuditGradeEnum)
  grade: CaseAuditGrade;

  @Field(() => String, { description: 'what is wrong, in words a practitioner can act on' })
  findings: string;

  @Field(() => [CaseAuditProposedActionType], { description: 'the actions as the auditor proposed them; `actions` holds them once agreed' })
  proposedActions: CaseAuditProposedActionType[];

  @Field(() => GraphQLDate, { description: 'the team manager must agree within this (authority setting, default 5 working days)' })
  agreementDueBy: string;

  @Field(() => GraphQLDate, { nullable: true })
  agreedOn: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  closedOn: string | null;

  @Field(() => String, { nullable: true, description: 'what changed for the child, recorded when closed' })
  impact: string | null;

  @Field(() => Int)
  version: number;

  childId: string;
  teamId: string;
  auditorId: string;
  teamManagerId: string | null;
}

export interface CaseAuditRow {
  id: string;
  authority_id: string;
  child_id: string;
  team_id: string;
  auditor_id: string;
  team_manager_id: string | null;
  status: CaseAuditStatus;
  audited_on: string;
  grade: CaseAuditGrade;
  findings: string;
  proposed_actions: ProposedAction[];
  agreement_due_by: string;
  agreed_on: string | null;
  agreed_by_id: string | null;
  closed_on: string | null;
  impact: string | null;
  version: number;
}

export const caseAuditFromRow = (r: CaseAuditRow): CaseAuditType => ({
  id: r.id,
  status: r.status,
  auditedOn: r.audited_on,
  grade: r.grade,
  findings: r.findings,
  proposedActions: (r.proposed_actions ?? []).map((a) => ({ description: a.description, dueBy: a.dueBy, ownerId: a.ownerId })),
  agreementDueBy: r.agreement_due_by,
  agreedOn: r.agreed_on,
  closedOn: r.closed_on,
  impact: r.impact,
  version: r.version,
  childId: r.child_id,
  teamId: r.team_id,
  auditorId: r.auditor_id,
  teamManagerId: r.team_manager_id,
});

@ObjectType('CaseAuditEdge')
export class CaseAuditEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => CaseAuditType)
  node: CaseAuditType;
}

@ObjectType('CaseAuditConnection')
export class CaseAuditConnection {
  @Field(() => [CaseAuditEdge])
  edges: CaseAuditEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@InputType()
export class RecordCaseAuditInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id' })
  childId: string;

  @Field(() => GraphQLDate, { description: 'the day of the audit; not in the future' })
  auditedOn: string;

  @Field(() => CaseAuditGradeEnum)
  @IsIn(CASE_AUDIT_GRADES)
  grade: CaseAuditGrade;

  @TextField(TEXT_LIMITS.summary, { description: 'what is wrong, in words a practitioner can act on' })
  findings: string;

  @Field(() => [ActionInput], { description: 'the actions proposed; each due on or after auditedOn' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ActionInput)
  actions: ActionInput[];
}
