import { Agency } from './conference-attendance';
import { ConferenceOutcomeType, ChildParticipationType, ConferenceType } from './conference.types';

export interface ConferenceRow {
  id: string;
  authority_id: string;
  type: string;
  status: string;
  team_id: string;
  chair_id: string | null;
  strategy_discussion_date: string | null;
  transfer_notified_on: string | null;
  referral_accepted_on?: string | null;
  pre_birth_review_working_days?: number;
  transfer_in_clock_start?: 'NOTIFICATION' | 'REFERRAL_ACCEPTED' | null;
  clock_start: string;
  due_by: string;
  scheduled_for: Date | null;
  held_on: string | null;
  cancelled_on: string | null;
  delay_reason: string | null;
  previous_conference_id: string | null;
  version: number;
  attendance?: { agency: string; attended: boolean; reportReceived: boolean | null }[] | null;
  quorate?: boolean | null;
  inquorate_proceed_reason?: string | null;
  reconvened_as_id?: string | null;
  report_shared_due_by?: string | null;
  report_shared_with_family_on?: string | null;
  minutes_due_by?: string | null;
  minutes_distributed_on?: string | null;
}

export interface ConferenceChildRow {
  conference_id: string;
  child_id: string;
  authority_id: string;
  decision: string | null;
  category: string | null;
  end_reason: string | null;
  plan_id: string | null;
  attended: boolean | null;
  views_shared: string | null;
}

export const conferenceFromRow = (r: ConferenceRow): ConferenceType => ({
  id: r.id,
  authorityId: r.authority_id,
  type: r.type as ConferenceType['type'],
  status: r.status as ConferenceType['status'],
  teamId: r.team_id,
  chairId: r.chair_id,
  strategyDiscussionDate: r.strategy_discussion_date,
  transferNotifiedOn: r.transfer_notified_on,
  referralAcceptedOn: r.referral_accepted_on ?? null,
  transferInClockStart: (r.transfer_in_clock_start ?? null) as ConferenceType['transferInClockStart'],
  clockStart: r.clock_start,
  dueBy: r.due_by,
  scheduledFor: r.scheduled_for,
  heldOn: r.held_on,
  cancelledOn: r.cancelled_on,
  withinTimescale: r.held_on ? r.held_on <= r.due_by : null,
  // Resolved against the authority's calendar by ConferenceResolver.workingDaysElapsed.
  workingDaysElapsed: 0,
  delayReason: r.delay_reason,
  previousConferenceId: r.previous_conference_id,
  version: r.version,
  attendance: (r.attendance ?? []).map((a) => ({ agency: a.agency as Agency, attended: a.attended, reportReceived: a.reportReceived ?? null })),
  quorate: r.quorate ?? null,
  inquorateProceedReason: r.inquorate_proceed_reason ?? null,
  reconvenedAsId: r.reconvened_as_id ?? null,
  reportSharedDueBy: r.report_shared_due_by ?? null,
  reportSharedWithFamilyOn: r.report_shared_with_family_on ?? null,
  minutesDueBy: r.minutes_due_by ?? null,
  minutesDistributedOn: r.minutes_distributed_on ?? null,
});

export const outcomeFromRow = (r: ConferenceChildRow): ConferenceOutcomeType => ({
  conferenceId: r.conference_id,
  childId: r.child_id,
  decision: r.decision as ConferenceOutcomeType['decision'],
  category: r.category as ConferenceOutcomeType['category'],
  endReason: r.end_reason,
  planId: r.plan_id,
});

export const participationFromRow = (r: ConferenceChildRow): ChildParticipationType => ({
  conferenceId: r.conference_id,
  childId: r.child_id,
  attended: r.attended!,
  viewsShared: r.views_shared as ChildParticipationType['viewsShared'],
  // TODO(issue 6): computed from advocate offers by the advocacy module's field resolver.
  advocateOffered: false,
});
