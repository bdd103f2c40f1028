import { Agency } from './conference-attendance';
import { ConferenceChildRecord, ConferenceRecord } from './conference.repository';
import { ConferenceOutcomeType, ChildParticipationType, ConferenceType } from './conference.types';

/** The GraphQL objects made from the repository's records. */
export const conferenceNode = (r: ConferenceRecord): ConferenceType => ({
  id: r.id,
  authorityId: r.authorityId,
  type: r.type as ConferenceType['type'],
  status: r.status as ConferenceType['status'],
  teamId: r.teamId,
  chairId: r.chairId,
  strategyDiscussionDate: r.strategyDiscussionDate,
  transferNotifiedOn: r.transferNotifiedOn,
  referralAcceptedOn: r.referralAcceptedOn,
  transferInClockStart: r.transferInClockStart as ConferenceType['transferInClockStart'],
  clockStart: r.clockStart,
  dueBy: r.dueBy,
  scheduledFor: r.scheduledFor,
  heldOn: r.heldOn,
  cancelledOn: r.cancelledOn,
  withinTimescale: r.heldOn ? r.heldOn <= r.dueBy : null,
  // Resolved against the authority's calendar by ConferenceResolver.workingDaysElapsed.
  workingDaysElapsed: 0,
  delayReason: r.delayReason,
  previousConferenceId: r.previousConferenceId,
  version: r.version,
  attendance: r.attendance.map((a) => ({
    agency: a.agency as Agency,
    attended: a.attended,
    reportReceived: a.reportReceived,
  })),
  quorate: r.quorate,
  inquorateProceedReason: r.inquorateProceedReason,
  reconvenedAsId: r.reconvenedAsId,
  reportSharedDueBy: r.reportSharedDueBy,
  reportSharedWithFamilyOn: r.reportSharedWithFamilyOn,
  minutesDueBy: r.minutesDueBy,
  minutesDistributedOn: r.minutesDistributedOn,
});

export const outcomeNode = (r: ConferenceChildRecord): ConferenceOutcomeType => ({
  conferenceId: r.conferenceId,
  childId: r.childId,
  decision: r.decision as ConferenceOutcomeType['decision'],
  category: r.category as ConferenceOutcomeType['category'],
  endReason: r.endReason,
  planId: r.planId,
});

export const participationNode = (r: ConferenceChildRecord): ChildParticipationType => ({
  conferenceId: r.conferenceId,
  childId: r.childId,
  attended: r.attended!,
  viewsShared: r.viewsShared as ChildParticipationType['viewsShared'],
  // TODO(issue 6): computed from advocate offers by the advocacy module's field resolver.
  advocateOffered: false,
});
