import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLDate } from '../common/scalars';

@ObjectType('CensusSection47', {
  description: 'One child of an initial child protection conference (s47 enquiry) in the census year',
})
export class CensusSection47Type {
  childId: string;

  @Field(() => String, { description: "the child's case reference (LAchildID)" })
  caseReference: string;

  @Field(() => ID)
  conferenceId: string;

  @Field(() => GraphQLDate, {
    nullable: true,
    description: 'N00148 S47ActualStartDate: the strategy discussion that started the s47 enquiry',
  })
  s47ActualStartDate: string | null;

  @Field(() => GraphQLDate, { description: 'N00109 InitialCPCtarget: S47ActualStartDate + 15 working days' })
  initialCpcTarget: string;

  @Field(() => GraphQLDate, {
    nullable: true,
    description:
      "N00110 DateOfInitialCPC; null while not held, and when held after 31 March (rule 8715: it belongs to the next year's return)",
  })
  dateOfInitialCpc: string | null;
}

@ObjectType('CensusPlan', { description: 'One child protection plan open at any time in the census year' })
export class CensusPlanType {
  childId: string;

  @Field(() => String, { description: "the child's case reference (LAchildID)" })
  caseReference: string;

  @Field(() => ID)
  planId: string;

  @Field(() => GraphQLDate, { description: 'N00105 CPPstartDate' })
  cppStartDate: string;

  @Field(() => GraphQLDate, {
    nullable: true,
    description: 'N00115 CPPendDate; null when the plan was still open at the end of the census year',
  })
  cppEndDate: string | null;

  @Field(() => String, { description: 'N00113 InitialCategoryOfAbuse: NEG, PHY, EMO, SAB or MUL' })
  initialCategoryOfAbuse: string;

  @Field(() => String, { description: 'N00114 LatestCategoryOfAbuse: NEG, PHY, EMO, SAB or MUL' })
  latestCategoryOfAbuse: string;

  @Field(() => Int, { description: 'N00106 NumberOfPreviousCPP: plans of this child that started before this one' })
  numberOfPreviousCpp: number;

  @Field(() => [GraphQLDate], {
    description: 'N00116 CPPreviewDate: the review conferences of this plan held in the census year',
  })
  cppReviewDates: string[];
}

@ObjectType('CensusValidationError', { description: 'A census rule the data breaks: reported, never silently fixed' })
export class CensusValidationErrorType {
  childId: string;

  @Field(() => String)
  caseReference: string;

  @Field(() => String, {
    description:
      'ICPC_BEFORE_S47_START (8615), ICPC_AT_WEEKEND (8875), PLAN_START_NOT_ICPC_DATE (2885, 2883), PLAN_STARTS_AND_ENDS_SAME_DAY (8840), PLAN_ENDS_BEFORE_START (8925), REVIEW_NOT_AFTER_PLAN_START (8841), OVERLAPPING_PLANS (8940: a plan starting on the day another ends overlaps it) or S47_WITHOUT_ICPC_OR_OUTCOME (8740, 8675Q: an s47 enquiry with no ICPC and no N00111 outcome)',
  })
  rule: string;

  @Field(() => [String], { description: 'the census items involved, e.g. N00110' })
  itemCodes: string[];

  @Field(() => ID, { description: 'the conference, plan or section 47 enquiry at fault' })
  recordId: string;

  @Field(() => String)
  message: string;
}

/** An s47 enquiry of the year that no ICPC considered (written in the XML return; not a GraphQL type). */
export interface CensusEnquiryWithoutIcpc {
  enquiryId: string;
  childId: string;
  startedOn: string;
  target: string;
  /** N00111: true when the outcome needs no ICPC, false when one is required, null while no outcome */
  icpcNotRequired: boolean | null;
}

@ObjectType('CensusExport', {
  description: 'The child protection items of the Children in Need census for one census year (1 April to 31 March)',
})
export class CensusExportType {
  enquiriesWithoutIcpc: CensusEnquiryWithoutIcpc[];

  @Field(() => Int, { description: 'the year in which the census year ends: 2026 is 1 April 2025 to 31 March 2026' })
  year: number;

  @Field(() => GraphQLDate)
  periodStart: string;

  @Field(() => GraphQLDate)
  periodEnd: string;

  @Field(() => [CensusSection47Type])
  section47: CensusSection47Type[];

  @Field(() => [CensusPlanType])
  plans: CensusPlanType[];

  @Field(() => [CensusValidationErrorType])
  validationErrors: CensusValidationErrorType[];
}
