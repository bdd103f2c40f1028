import { testToday } from '../helpers/test-clock';
import { addCalendarMonths, englandAndWales as cal, minDate } from '../../src/calendar/working-calendar';
import { ok, Person, TestApp } from '../helpers/test-app';
import { World } from '../helpers/world';

// A known data set for the inspector's measures, built through the GraphQL API. Dates are relative
// to today: wd(n) is n working days before today (never a weekend). The period is the last 12
// months; "old" records fall before it and must count nowhere (except an old open overdue action).

export const today = testToday();
export const wd = (n: number) => cal.addWorkingDays(today, -n);
const lastWorkingOnOrBefore = (d: string) => (cal.isWorkingDay(d) ? d : cal.addWorkingDays(d, -1));
export const from = addCalendarMonths(today, -12);
const old = lastWorkingOnOrBefore(addCalendarMonths(today, -13));

const Q = {
  requestInitial: 'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id dueBy } }',
  schedule: 'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }',
  hold: 'mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { id dueBy outcomes { child { id } plan { id } } } }',
  child: 'query($id: ID!) { child(id: $id) { conferences { id type status dueBy } } }',
  scheduleMeeting: 'mutation($i: ScheduleCoreGroupMeetingInput!) { scheduleCoreGroupMeeting(input: $i) { id dueBy } }',
  recordMeeting:
    'mutation($i: RecordCoreGroupMeetingInput!) { recordCoreGroupMeeting(input: $i) { id withinTimescale } }',
  offer: 'mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id } }',
  respondOffer: 'mutation($i: AdvocateResponseInput!) { recordAdvocateResponse(input: $i) { id status } }',
  allocate:
    'mutation($id: ID!, $on: Date) { allocateAdvocate(offerId: $id, advocateName: "Voice Advocacy", allocatedOn: $on) { id status } }',
  complete: 'mutation($id: ID!, $on: Date!) { completeAdvocacy(offerId: $id, completedOn: $on) { id status } }',
  withdrawOffer: 'mutation($id: ID!) { withdrawAdvocateOffer(offerId: $id, reason: "family moved") { id status } }',
  conversation:
    'mutation($i: RecordConversationInput!) { recordConversation(input: $i) { id actions { id description } } }',
  completeAction: 'mutation($i: CompleteActionInput!) { completeAction(input: $i) { id status } }',
  raise: 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id } }',
  respond: 'mutation($i: RespondToEscalationInput!) { respondToEscalation(input: $i) { id } }',
  resolve: 'mutation($id: ID!) { resolveEscalation(escalationId: $id, note: "satisfied") { id status } }',
  escalate: 'mutation($id: ID!) { escalateToNextStage(escalationId: $id, reason: "no progress") { id stage } }',
  withdraw: 'mutation($id: ID!) { withdrawEscalation(escalationId: $id, reason: "sorted informally") { id } }',
  sweep: 'mutation { runDeadlineSweep { breachedStages autoEscalated } }',
};

export interface Fixture {
  teamA: string;
  teamB: string;
  escalationIds: string[];
}

/** Builds the data set of reporting.e2e.spec.ts; the expected figures are worked out there. */
export async function buildReportingFixture(t: TestApp, w: World): Promise<Fixture> {
  const chair = w.chair;
  const run = <T = any>(who: Person, q: string, v: Record<string, unknown>) => ok<T>(t, who, q, v) as Promise<any>;
  const born = (years: number) => addCalendarMonths(today, -12 * years);
  const a1 = await w.child(w.teamA, { dateOfBirth: '2014-03-01', name: 'A1' });
  const a2 = await w.child(w.teamA, { dateOfBirth: born(2), name: 'A2 (too young for an advocate)' });
  const a3 = await w.child(w.teamA, { dateOfBirth: '2015-06-01', name: 'A3' });
  const u1 = await w.child(w.teamA, { expectedDateOfBirth: addCalendarMonths(today, 3), name: 'U1 (unborn)' });
  const a4 = await w.child(w.teamA, { dateOfBirth: '2013-01-01', name: 'A4 (old records)' });
  const b1 = await w.child(w.teamB, { dateOfBirth: '2012-09-01', name: 'B1' });
  const b2 = await w.child(w.teamB, { dateOfBirth: '2013-02-01', name: 'B2' });

  const icpc = async (
    childIds: string[],
    strategy: string,
    heldOn: string,
    outcomes: object[],
    extra: Record<string, unknown> = {},
    chairId?: string,
  ) => {
    const id = (await run(chair, Q.requestInitial, { i: { childIds, strategyDiscussionDate: strategy } }))
      .requestInitialConference.id;
    await run(chair, Q.schedule, {
      i: { conferenceId: id, scheduledFor: `${heldOn}T10:00:00Z`, ...(chairId ? { chairId } : {}) },
    });
    return (await run(chair, Q.hold, { i: { conferenceId: id, heldOn, outcomes, ...extra } })).recordConferenceHeld;
  };
  const planOf = (held: { outcomes: { child: { id: string }; plan: { id: string } | null }[] }, child: string) =>
    held.outcomes.find((o) => o.child.id === child)!.plan!.id;
  const openReview = async (child: string) =>
    (await run(chair, Q.child, { id: child })).child.conferences.find(
      (c: { type: string; status: string }) => c.type === 'REVIEW' && c.status === 'REQUESTED',
    );
  const holdReview = async (
    child: string,
    heldOn: string | ((dueBy: string) => string),
    outcomes: object[],
    extra: Record<string, unknown> = {},
  ) => {
    const review = await openReview(child);
    const day = typeof heldOn === 'string' ? heldOn : heldOn(review.dueBy);
    await run(chair, Q.schedule, { i: { conferenceId: review.id, scheduledFor: `${day}T10:00:00Z` } });
    return run(chair, Q.hold, { i: { conferenceId: review.id, heldOn: day, outcomes, ...extra } });
  };
  const meeting = async (planId: string, heldOn: string) => {
    const m = (await run(chair, Q.scheduleMeeting, { i: { planId, scheduledFor: `${heldOn}T10:00:00Z` } }))
      .scheduleCoreGroupMeeting;
    await run(chair, Q.recordMeeting, { i: { meetingId: m.id, heldOn } });
  };
  const started = (child: string, category = 'NEGLECT') => ({ childId: child, decision: 'PLAN_STARTED', category });

  // Initial conferences: ICPC1 on its due date, ICPC2 late (and chaired by chair2), ICPC3 early, ICPC4 early; one before the period.
  const c1 = await icpc([a1, a2], wd(80), wd(65), [started(a1), started(a2)], {
    participation: [
      { childId: a1, attended: false, viewsShared: 'VIA_ADVOCATE' },
      { childId: a2, attended: false, viewsShared: 'NOT_SHARED' },
    ],
  });
  const c2 = await icpc(
    [b1],
    wd(70),
    wd(52),
    [started(b1, 'PHYSICAL_ABUSE')],
    { delayReason: 'police checks', participation: [{ childId: b1, attended: true, viewsShared: 'IN_PERSON' }] },
    w.chair2.id,
  );
  await icpc(
    [a3, u1],
    wd(40),
    wd(30),
    [
      { childId: a3, decision: 'NO_PLAN' },
      { childId: u1, decision: 'NO_PLAN' },
    ],
    {
      participation: [{ childId: u1, attended: false, viewsShared: 'NOT_SHARED' }],
    },
  );
  const c4 = await icpc([b2], wd(160), wd(150), [started(b2, 'EMOTIONAL_ABUSE')], {
    participation: [{ childId: b2, attended: false, viewsShared: 'IN_WRITING' }],
  });
  const c0 = await icpc([a4], cal.addWorkingDays(old, -10), old, [{ childId: a4, decision: 'NO_PLAN' }], {
    participation: [{ childId: a4, attended: true, viewsShared: 'IN_PERSON' }],
  });

  // First core groups (due 10 working days after the ICPC): a1 on the day, a2 late, b1 early (then a second meeting), b2 late.
  await meeting(planOf(c1, a1), wd(55));
  await meeting(planOf(c1, a2), wd(50));
  await meeting(planOf(c2, b1), wd(44));
  await meeting(planOf(c2, b1), wd(20));
  await meeting(planOf(c4, b2), wd(139));

  // Reviews: b2's late, a1/a2's on time (a2's plan ends there).
  await holdReview(
    b2,
    (due) => lastWorkingOnOrBefore(minDate(cal.addWorkingDays(due, 10), today)),
    [{ childId: b2, decision: 'PLAN_CONTINUED' }],
    { delayReason: 'chair unavailable' },
  );
  await holdReview(
    a1,
    (due) => lastWorkingOnOrBefore(minDate(due, today)),
    [
      { childId: a1, decision: 'PLAN_CONTINUED' },
      { childId: a2, decision: 'PLAN_ENDED', endReason: 'risk reduced' },
    ],
    {
      participation: [
        { childId: a1, attended: true, viewsShared: 'IN_PERSON' },
        { childId: a2, attended: false, viewsShared: 'VIA_SOCIAL_WORKER' },
      ],
    },
  );

  // Advocate offers.
  const o1 = (await run(chair, Q.offer, { i: { childId: a1, conferenceId: c1.id, offeredOn: wd(66) } })).offerAdvocate
    .id;
  await run(chair, Q.respondOffer, { i: { offerId: o1, accepted: true, respondedOn: wd(65) } });
  await run(chair, Q.allocate, { id: o1, on: wd(64) });
  const o2 = (await run(chair, Q.offer, { i: { childId: a3, offeredOn: wd(35) } })).offerAdvocate.id;
  await run(chair, Q.respondOffer, {
    i: { offerId: o2, accepted: false, respondedOn: wd(34), declineReason: 'does not want one' },
  });
  const o3 = (await run(chair, Q.offer, { i: { childId: b2, conferenceId: c4.id, offeredOn: wd(150) } })).offerAdvocate
    .id;
  await run(chair, Q.respondOffer, { i: { offerId: o3, accepted: true, respondedOn: wd(149) } });
  await run(chair, Q.allocate, { id: o3, on: wd(148) });
  await run(chair, Q.complete, { id: o3, on: wd(100) });
  await run(chair, Q.offer, { i: { childId: a4, conferenceId: c0.id, offeredOn: cal.addWorkingDays(old, -1) } });
  await run(chair, Q.offer, { i: { childId: b1, offeredOn: wd(10) } });
  const o6 = (await run(chair, Q.offer, { i: { childId: a1, offeredOn: wd(5) } })).offerAdvocate.id;
  await run(chair, Q.respondOffer, { i: { offerId: o6, accepted: true, respondedOn: wd(4) } });
  await run(chair, Q.withdrawOffer, { id: o6 });

  // Conversations and their actions.
  const byDescription = (v: { actions: { id: string; description: string }[] }, d: string) =>
    v.actions.find((a) => a.description === d)!.id;
  const swA = w.teamA.socialWorker;
  const swB = w.teamB.socialWorker;
  const v1 = (
    await run(chair, Q.conversation, {
      i: {
        childId: a1,
        withStaffId: swA.id,
        heldOn: wd(20),
        summary: 'Visits slipping',
        actions: [
          { description: 'Visit weekly', ownerId: swA.id, dueBy: wd(10) },
          { description: 'Update the chronology', ownerId: swA.id, dueBy: wd(15) },
        ],
      },
    })
  ).recordConversation;
  await run(swA, Q.completeAction, {
    i: { actionId: byDescription(v1, 'Visit weekly'), outcome: 'Visited', completedOn: wd(12) },
  });
  const v2 = (
    await run(chair, Q.conversation, {
      i: {
        childId: b1,
        withStaffId: swB.id,
        heldOn: wd(6),
        summary: 'School concerns',
        actions: [
          { description: 'Call the school', ownerId: swB.id, dueBy: wd(4) },
          { description: 'Plan a visit', ownerId: swB.id, dueBy: cal.addWorkingDays(today, 10) },
        ],
      },
    })
  ).recordConversation;
  await run(swB, Q.completeAction, {
    i: { actionId: byDescription(v2, 'Call the school'), outcome: 'Called', completedOn: wd(1) },
  });
  await run(chair, Q.conversation, {
    i: { childId: a3, withStaffId: w.teamA.manager.id, heldOn: wd(3), summary: 'Reassurance only' },
  });
  await run(chair, Q.conversation, {
    i: {
      childId: a4,
      withStaffId: swA.id,
      heldOn: old,
      summary: 'Old',
      actions: [{ description: 'Old action', ownerId: swA.id, dueBy: old }],
    },
  });

  // Escalations.
  const raise = async (childId: string, raisedOn: string, stage = 1) =>
    (
      await run(chair, Q.raise, {
        i: { childId, raisedOn, stage, concern: 'PLAN_NOT_PROGRESSING', summary: 'Plan drifting' },
      })
    ).raiseEscalation.id;
  const e1 = await raise(a1, wd(8));
  await run(w.teamA.manager, Q.respond, {
    i: {
      escalationId: e1,
      response: 'Will do',
      actions: [{ description: 'Review the plan', ownerId: w.teamA.manager.id, dueBy: cal.addWorkingDays(today, 5) }],
    },
  });
  await run(chair, Q.resolve, { id: e1 });
  const e2 = await raise(b1, wd(30));
  await run(w.teamB.manager, Q.respond, { i: { escalationId: e2, response: 'Agreed' } });
  await run(chair, Q.resolve, { id: e2 });
  const e3 = await raise(a3, wd(12));
  await run(chair, Q.escalate, { id: e3 });
  await run(w.serviceManager, Q.respond, { i: { escalationId: e3, response: 'Resourced' } });
  await run(chair, Q.resolve, { id: e3 });
  const e4 = await raise(b2, wd(40), 3);
  const e5 = await raise(a1, wd(15));
  await run(chair, Q.withdraw, { id: e5 });
  const e6 = await raise(b1, wd(9));
  const e7 = await raise(a4, old);
  await run(w.admin, Q.sweep, {});
  return { teamA: w.teamA.id, teamB: w.teamB.id, escalationIds: [e1, e2, e3, e4, e5, e6, e7] };
}
