import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../common/pagination';
import { GraphQLDate, GraphQLDateTime } from '../common/scalars';
import { AbuseCategory } from '../plans/plan.types';

export { AbuseCategory };
import { AgencyAttendanceType } from './conference-attendance';
import { TransferInClockStartEnum } from '../directory/authority-procedure-settings.types';

export enum ConferenceTypeEnum {
  INITIAL = 'INITIAL',
  REVIEW = 'REVIEW',
  TRANSFER_IN = 'TRANSFER_IN',
}
export enum ConferenceStatus {
  REQUESTED = 'REQUESTED',
  SCHEDULED = 'SCHEDULED',
  HELD = 'HELD',
  INQUORATE = 'INQUORATE',
  CANCELLED = 'CANCELLED',
}
export enum PlanDecision {
  PLAN_STARTED = 'PLAN_STARTED',
  PLAN_CONTINUED = 'PLAN_CONTINUED',
  PLAN_ENDED = 'PLAN_ENDED',
  NO_PLAN = 'NO_PLAN',
}
export enum ViewsShared {
  IN_PERSON = 'IN_PERSON',
  VIA_ADVOCATE = 'VIA_ADVOCATE',
  VIA_SOCIAL_WORKER = 'VIA_SOCIAL_WORKER',
  IN_WRITING = 'IN_WRITING',
  NOT_SHARED = 'NOT_SHARED',
}

registerEnumType(ConferenceTypeEnum, { name: 'ConferenceType' });
registerEnumType(ConferenceStatus, { name: 'ConferenceStatus' });
registerEnumType(PlanDecision, {
  name: 'PlanDecision',
  description: 'INITIAL/TRANSFER_IN: PLAN_STARTED or NO_PLAN; REVIEW: PLAN_CONTINUED or PLAN_ENDED',
});
registerEnumType(ViewsShared, { name: 'ViewsShared' });

/**
 * A conference. Exported for other modules' @ResolveField (advocacy adds its own fields);
 * the undecorated properties are what those field resolvers read.
 */
@ObjectType('Conference', {
  description: 'A child protection conference for one or more children (siblings) of one team.',
})
export class ConferenceType {
  @Field(() => ID)
  id: string;

  @Field(() => ConferenceTypeEnum)
  type: ConferenceTypeEnum;

  @Field(() => ConferenceStatus)
  status: ConferenceStatus;

  @Field(() => GraphQLDate, {
    nullable: true,
    description: 'INITIAL: the strategy discussion that started the s47 enquiry',
  })
  strategyDiscussionDate: string | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'TRANSFER_IN: when the receiving authority was notified' })
  transferNotifiedOn: string | null;

  @Field(() => GraphQLDate, {
    nullable: true,
    description: 'TRANSFER_IN: when the receiving authority accepted the referral, if given',
  })
  referralAcceptedOn: string | null;

  @Field(() => TransferInClockStartEnum, {
    nullable: true,
    description: "TRANSFER_IN: what clockStart is, under the authority's setting when the conference was requested",
  })
  transferInClockStart: TransferInClockStartEnum | null;

  @Field(() => GraphQLDate, {
    description:
      'the statutory latest date: INITIAL and TRANSFER_IN 15 working days after the clock start; first REVIEW 3 months after the plan started (sooner for a pre-birth plan); later REVIEWs 6 months after the previous',
  })
  dueBy: string;

  @Field(() => GraphQLDate, {
    description:
      "the date the statutory clock runs from: strategy discussion, notification (or the referral's acceptance, by authority setting), or (REVIEW) the conference that started or last reviewed the plans",
  })
  clockStart: string;

  @Field(() => GraphQLDateTime, { nullable: true })
  scheduledFor: Date | null;

  @Field(() => GraphQLDate, { nullable: true })
  heldOn: string | null;

  @Field(() => Boolean, { nullable: true, description: 'null until held; heldOn <= dueBy' })
  withinTimescale: boolean | null;

  @Field(() => Int, {
    description:
      'working days in (clockStart, heldOn], or to today while not held (to the cancellation date once cancelled); the start day never counts',
  })
  workingDaysElapsed: number;

  @Field(() => String, { nullable: true })
  delayReason: string | null;

  @Field(() => Int)
  version: number;

  // Issue 18: multi-agency attendance, quorum, report to the family and minutes.
  @Field(() => [AgencyAttendanceType], { description: 'the agencies invited, as recorded when held' })
  attendance: AgencyAttendanceType[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      "children's social care and at least two other agencies attended (authority setting); null when no attendance was recorded",
  })
  quorate: boolean | null;

  @Field(() => String, { nullable: true })
  inquorateProceedReason: string | null;

  @Field(() => GraphQLDate, {
    nullable: true,
    description:
      "the family must have the social worker's report by this date (2 working days before an ICPC, 5 before a review; authority settings)",
  })
  reportSharedDueBy: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  reportSharedWithFamilyOn: string | null;

  @Field(() => GraphQLDate, {
    nullable: true,
    description: 'minutes go to the family and agencies within 15 working days of the conference (authority setting)',
  })
  minutesDueBy: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  minutesDistributedOn: string | null;

  /** read by reconvenedAs (conference-family.resolver.ts) */
  reconvenedAsId: string | null;

  authorityId: string;
  teamId: string;
  chairId: string | null;
  cancelledOn: string | null;
  previousConferenceId: string | null;
}

@ObjectType('ConferenceOutcome')
export class ConferenceOutcomeType {
  @Field(() => PlanDecision)
  decision: PlanDecision;

  @Field(() => AbuseCategory, { nullable: true })
  category: AbuseCategory | null;

  @Field(() => String, { nullable: true, description: 'PLAN_ENDED: why' })
  endReason: string | null;

  conferenceId: string;
  childId: string;
  planId: string | null;
}

@ObjectType('ChildParticipation')
export class ChildParticipationType {
  @Field(() => Boolean)
  attended: boolean;

  @Field(() => ViewsShared)
  viewsShared: ViewsShared;

  // TODO(issue 6): advocacy resolves this from advocate offers with its own @ResolveField.
  @Field(() => Boolean, { description: 'whether an independent advocate was offered to the child for this conference' })
  advocateOffered: boolean;

  conferenceId: string;
  childId: string;
}

@ObjectType('ConferenceEdge')
export class ConferenceEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => ConferenceType)
  node: ConferenceType;
}

@ObjectType('ConferenceConnection')
export class ConferenceConnection {
  @Field(() => [ConferenceEdge])
  edges: ConferenceEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}
