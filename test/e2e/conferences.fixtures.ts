import { ok, Person, TestApp } from '../helpers/test-app';

/** Operations and builders shared by the conference, plan and core group e2e suites. */
const CONFERENCE = `id type status dueBy clockStart strategyDiscussionDate transferNotifiedOn scheduledFor heldOn withinTimescale workingDaysElapsed delayReason version
  chair { id } children { id }
  outcomes { decision category endReason child { id } plan { id status startDate endDate category nextReviewDueBy } }
  participation { attended viewsShared advocateOffered child { id } }
  history { action fromStatus toStatus reason }`;
const PLAN = `id status category initialCategory startDate endDate endReason endReasonCode nextReviewDueBy version
  child { id }
  coreGroup { id firstMeetingDueBy nextMeetingDueBy overdue meetings { id status dueBy heldOn withinTimescale version } }
  actions { id description dueBy overdue source status }
  driftingActions { id description }
  history { action fromStatus toStatus }`;

export const M = {
  requestInitial: `mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { ${CONFERENCE} } }`,
  requestTransferIn: `mutation($i: RequestTransferInConferenceInput!) { requestTransferInConference(input: $i) { ${CONFERENCE} } }`,
  schedule: `mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { ${CONFERENCE} } }`,
  hold: `mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { ${CONFERENCE} } }`,
  cancel: `mutation($id: ID!, $r: String!, $v: Int) { cancelConference(conferenceId: $id, reason: $r, expectedVersion: $v) { ${CONFERENCE} } }`,
  conference: `query($id: ID!) { conference(id: $id) { ${CONFERENCE} } }`,
  plan: `query($id: ID!) { childProtectionPlan(id: $id) { ${PLAN} } }`,
  child: `query($id: ID!) { child(id: $id) { id activePlan { ${PLAN} } plans { id status } conferences { id type status dueBy } } }`,
  scheduleMeeting:
    'mutation($i: ScheduleCoreGroupMeetingInput!) { scheduleCoreGroupMeeting(input: $i) { id status dueBy version } }',
  recordMeeting:
    'mutation($i: RecordCoreGroupMeetingInput!) { recordCoreGroupMeeting(input: $i) { id status dueBy heldOn withinTimescale version progress { progress action { id } } } }',
  endPlan: `mutation($i: EndChildProtectionPlanInput!) { endChildProtectionPlan(input: $i) { ${PLAN} } }`,
};

/** Requests, schedules and holds an initial conference in one go; returns the held conference. */
export async function heldInitial(
  t: TestApp,
  chair: Person,
  childIds: string[],
  strategyDiscussionDate: string,
  heldOn: string,
  outcomes: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  const req = await ok(t, chair, M.requestInitial, { i: { childIds, strategyDiscussionDate } });
  const id = req.requestInitialConference.id;
  await ok(t, chair, M.schedule, { i: { conferenceId: id, scheduledFor: `${heldOn}T10:00:00Z` } });
  return (await ok(t, chair, M.hold, { i: { conferenceId: id, heldOn, outcomes, ...extra } })).recordConferenceHeld;
}
