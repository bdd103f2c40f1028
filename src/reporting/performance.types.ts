import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLDate } from '../common/scalars';
import { AgencyAttendanceRateType } from '../conferences/conference-attendance';

@ObjectType('Ratio', {
  description:
    'A measure with its numerator and denominator, so that a percentage is never shown without what it counts.',
})
export class RatioType {
  @Field(() => Int)
  numerator: number;

  @Field(() => Int)
  denominator: number;

  @Field(() => Float, {
    nullable: true,
    description: 'null when denominator is 0; otherwise 0 to 100, rounded to 1 decimal place',
  })
  percentage: number | null;
}

export const ratio = (numerator = 0, denominator = 0): RatioType => ({
  numerator,
  denominator,
  percentage: denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10,
});

const ICPC_DESC =
  "each child's section 47 enquiry that led to an INITIAL conference held in the period (by heldOn): one ICPC for three siblings counts three times (the DfE's unit). Within timescale when the ICPC is within 15 working days of the child's s47 start (the strategy discussion that initiated it). ICPCs dated before the s47 start are excluded";

const DURATIONS_DESC =
  'the same children as initialConferencesWithin15WorkingDays, by working days from the s47 start to the ICPC (the start day never counts)';

// DOMAIN.md, "The measures an inspector asks for" and "Multi-agency conferences": the same words here as there.
const CASE_AUDIT_ACTIONS_DESC =
  'the actions of the case audits done in the period (by auditedOn; for a chair, those they recorded); on time when completed on or before their dueBy. An action not yet completed counts as not on time once its due date has passed (before today), and is left out while it is still in time; a cancelled action is left out';
const QUORATE_DESC =
  'conferences held in the period (by heldOn) with attendance recorded, inquorate ones included (whether the chair went ahead or not); numerator: quorate';
const REPORTS_DESC =
  "conferences held in the period (by heldOn), inquorate ones included; on time when the social worker's report reached the family by its due date; no record of sharing counts as not on time";
const MINUTES_DESC =
  "conferences held in the period (by heldOn), including an inquorate one the chair went ahead with (an inquorate conference that was reconvened owes no minutes and is left out); on time when the minutes were distributed by their due date (the authority's minutes working days after the conference, 15 by default); no record counts as not on time";

@ObjectType('InitialConferenceDurations', {
  description:
    "ICPC timeliness as the DfE publishes it: each child's s47 occasion that led to an ICPC in the period, by working days from the s47 start",
})
export class InitialConferenceDurationsType {
  @Field(() => [Int], { description: '0 to 10, 11 to 15, 16 to 20, 21 or more working days' })
  bands: number[];

  @Field(() => Float, { nullable: true, description: 'the median working days; null when no child counts' })
  median: number | null;
}

const WD =
  'Working days follow DOMAIN.md: the start day never counts; "within N working days of D" is on or before addWorkingDays(D, N).';

/** The measures PerformanceSummary and ChairPerformance share: one declaration, one description each. */
@ObjectType({ isAbstract: true })
abstract class PeriodMeasuresType {
  @Field(() => GraphQLDate)
  from: string;

  @Field(() => GraphQLDate)
  to: string;

  @Field(() => RatioType, { description: ICPC_DESC })
  initialConferencesWithin15WorkingDays: RatioType;

  @Field(() => InitialConferenceDurationsType, { description: DURATIONS_DESC })
  initialConferenceDurations: InitialConferenceDurationsType;

  @Field(() => RatioType, {
    description:
      "REVIEW conferences held in the period (by heldOn); on time when heldOn <= dueBy: 3 calendar months after the conference that started the plans (ICPC or transfer-in), 6 after the previous review; a pre-birth plan's first review sooner once the child is born (the authority's preBirthReviewWorkingDays after the birth, 10 by default, as in force when the ICPC was requested)",
  })
  reviewConferencesOnTime: RatioType;

  @Field(() => RatioType, {
    description:
      "each core group's first meeting held in the period (by heldOn); within timescale when heldOn <= 10 working days after the conference that started the plan (the ICPC, or a transfer-in conference)",
  })
  firstCoreGroupsWithin10WorkingDays: RatioType;

  @Field(() => RatioType, {
    description:
      'children (born by then) of conferences of any type held in the period; participating when recorded as attended or with views shared other than NOT_SHARED (no record counts as not participating)',
  })
  childrenParticipating: RatioType;

  @Field(() => RatioType, {
    description:
      "children at INITIAL and TRANSFER_IN conferences held in the period who were born and at or above the authority's advocacy age threshold on the conference's clock start (the strategy discussion; for a transfer-in, the notification of the move, or the referral's acceptance where the authority's transferInClockStart was REFERRAL_ACCEPTED when it was requested); offered when an offer names that conference, or names none and was made between the clock start and the conference",
  })
  eligibleChildrenOfferedAdvocate: RatioType;

  @Field(() => Int, { description: 'escalations raised in the period (by raisedOn)' })
  escalationsRaised: number;

  @Field(() => [Int], {
    description:
      'of escalationsRaised, how many reached stage 1, 2, 3 and 4 as their highest stage (four numbers; bypassed stages are not reached)',
  })
  escalationsByHighestStage: number[];

  @Field(() => RatioType, {
    description:
      "escalations resolved in the period (by resolution date); within timescale when resolved within the whole process's working days of raisedOn (the sum of the authority's stage response days: 20 by default)",
  })
  escalationsResolvedWithinTimescale: RatioType;

  @Field(() => Int, {
    description: 'escalation stages whose response fell due in the period (by responseDueBy) and were breached',
  })
  stageBreaches: number;

  @Field(() => Int, { description: 'chair conversations held in the period (by heldOn)' })
  conversationsRecorded: number;

  @Field(() => Int, { description: 'of conversationsRecorded, those with at least one agreed action still open today' })
  conversationsWithOpenActions: number;

  @Field(() => [Int], {
    description:
      'case audits done in the period (by auditedOn; for a chair, those they recorded), by grade: outstanding, good, requires improvement, inadequate (four numbers)',
  })
  caseAuditsByGrade: number[];

  @Field(() => RatioType, { description: CASE_AUDIT_ACTIONS_DESC })
  caseAuditActionsCompletedOnTime: RatioType;

  @Field(() => Int, {
    description:
      'agreed case audits (for a chair, those they recorded) with an action still open today whose dueBy is before the day after the period ends (or before today, if sooner): follow-up overdue',
  })
  caseAuditsWithOverdueFollowUp: number;

  @Field(() => RatioType, { description: QUORATE_DESC })
  conferencesQuorate: RatioType;

  @Field(() => [AgencyAttendanceRateType], {
    description: 'per agency named in the attendance of conferences held in the period: invited and attended',
  })
  agencyAttendance: AgencyAttendanceRateType[];

  @Field(() => RatioType, { description: REPORTS_DESC })
  reportsSharedOnTime: RatioType;

  @Field(() => RatioType, { description: MINUTES_DESC })
  minutesDistributedOnTime: RatioType;
}

@ObjectType('PerformanceSummary', {
  description: `The inspector's measures over a period (from and to inclusive), for the authority or one team (a record counts for the team of its child or conference). ${WD}`,
})
export class PerformanceSummaryType extends PeriodMeasuresType {
  @Field(() => ID, { nullable: true, description: 'the team measured; null for the whole authority' })
  teamId: string | null;

  @Field(() => RatioType, {
    description:
      'child protection plans started in the period (by start date); numerator: the child had been the subject of a plan before (a second or subsequent plan, ever)',
  })
  plansSecondOrSubsequent: RatioType;

  @Field(() => RatioType, {
    description:
      'child protection plans ended in the period (by end date); numerator: those that had lasted two years or more when they ended',
  })
  plansLastingTwoYearsOrMore: RatioType;

  @Field(() => RatioType, {
    description:
      'child protection plans open at the end of the period (or today, if sooner) that had lasted 3 months or more; numerator: none of their reviews was held after its due date and none is still awaited past it',
  })
  plansReviewedWithinTimescale: RatioType;

  @Field(() => RatioType, {
    description:
      'offers made in the period (by offeredOn); taken up when accepted: ACCEPTED, ALLOCATED, COMPLETED, or accepted and later withdrawn. Offers awaiting a response count as not (yet) taken up',
  })
  advocateTakeUp: RatioType;

  @Field(() => Float, {
    nullable: true,
    description:
      'median working days from raisedOn to resolution, over the escalations resolved in the period; null when none',
  })
  medianWorkingDaysToResolution: number | null;

  @Field(() => Int, {
    description:
      'actions still open today whose dueBy is before the day after the period ends (or before today, if sooner): open and overdue at the end of the period',
  })
  actionsOverdue: number;

  @Field(() => RatioType, {
    description: 'actions completed in the period (by completedOn); on time when completedOn <= dueBy',
  })
  actionsCompletedOnTime: RatioType;
}

@ObjectType('TeamPerformance', { description: "one team's measures, so that a manager sees where timeliness slips" })
export class TeamPerformanceType {
  teamId: string;

  @Field(() => PerformanceSummaryType)
  performance: PerformanceSummaryType;
}

@ObjectType('ChairPerformance', {
  description:
    'the measures a chair answers for, over the same period and with the same definitions as PerformanceSummary: conferences they chaired (and the core groups of the plans their ICPCs started), escalations they raised, conversations they recorded',
})
export class ChairPerformanceType extends PeriodMeasuresType {
  chairId: string;
}
