import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { ActionInput } from '../actions/action.types';
import { PageInfo } from '../common/pagination';
import { GraphQLDate } from '../common/scalars';
import { TEXT_LIMITS, TextField } from '../common/validation';
import { CaseAuditGrade, CaseAuditStatus } from './case-audit.entity';
import { CaseAuditRecord } from './case-audit.repository';

export const CASE_AUDIT_GRADES: CaseAuditGrade[] = ['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE'];
export const CaseAuditGradeEnum = {
  OUTSTANDING: 'OUTSTANDING',
  GOOD: 'GOOD',
  REQUIRES_IMPROVEMENT: 'REQUIRES_IMPROVEMENT',
  INADEQUATE: 'INADEQUATE',
} as const;
export const CaseAuditStatusEnum = {
  AWAITING_AGREEMENT: 'AWAITING_AGREEMENT',
  AGREED: 'AGREED',
  CLOSED: 'CLOSED',
} as const;
registerEnumType(CaseAuditGradeEnum, { name: 'CaseAuditGrade' });
registerEnumType(CaseAuditStatusEnum, { name: 'CaseAuditStatus' });

@ObjectType('CaseAuditProposedAction', {
  description: 'an action the auditor proposed; it becomes an Action when the team manager agrees the audit',
})
export class CaseAuditProposedActionType {
  @Field(() => String)
  description: string;

  @Field(() => GraphQLDate)
  dueBy: string;

  ownerId: string;
}

@ObjectType('CaseAudit', {
  description: "A quality assurance audit of one child's record, its agreed actions followed up (DOMAIN.md).",
})
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

  @Field(() => [CaseAuditProposedActionType], {
    description: 'the actions as the auditor proposed them; `actions` holds them once agreed',
  })
  proposedActions: CaseAuditProposedActionType[];

  @Field(() => GraphQLDate, {
    description: 'the team manager must agree within this (authority setting, default 5 working days)',
  })
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

export const caseAuditFromRecord = (r: CaseAuditRecord): CaseAuditType => ({
  id: r.id,
  status: r.status,
  auditedOn: r.auditedOn,
  grade: r.grade,
  findings: r.findings,
  proposedActions: r.proposedActions.map((a) => ({ description: a.description, dueBy: a.dueBy, ownerId: a.ownerId })),
  agreementDueBy: r.agreementDueBy,
  agreedOn: r.agreedOn,
  closedOn: r.closedOn,
  impact: r.impact,
  version: r.version,
  childId: r.childId,
  teamId: r.teamId,
  auditorId: r.auditorId,
  teamManagerId: r.teamManagerId,
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

  /** resolved by CaseAuditConnectionResolver, only when selected (issue 17) */
  @Field(() => Int)
  totalCount: number;
}

/** What the list returns: the page, and the count for when a client selects totalCount. */
export type CaseAuditPage = Omit<CaseAuditConnection, 'totalCount'> & { count: () => Promise<number> };

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
