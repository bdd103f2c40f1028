import {
  addCalendarDays,
  addCalendarMonths,
  englandAndWales as cal,
  type IsoDate,
  minDate,
} from '../calendar/working-calendar';
import { CONCERNS } from '../escalations/escalation.types';
import { Cast, Person } from './demo-cast';
import { DemoClient } from './demo-client';
import { caseAuditStory } from './demo-case-audits';
import { familyAndMinutes, inquorateFirst, multiAgencyHold, reconvenes } from './demo-multi-agency';

// One child's history, told through the API with dates in the past (records entered after the
// fact). The index picks the variant, so that the authority shows every state: conferences on
// time and late, plans, core groups, offers in every state, conversations, escalations at every
// stage and status. Deterministic: the same index tells the same story.

const working = (d: string) => (cal.isWorkingDay(d) ? d : cal.addWorkingDays(d, -1));
/** Names and categories the demo stories and the fast seed share (src/dev/fast-seed.ts). */
export const FIRST = [
  'Amelia',
  'Noah',
  'Olivia',
  'Leo',
  'Isla',
  'Oscar',
  'Ava',
  'Arthur',
  'Mia',
  'Muhammad',
  'Freya',
  'Harry',
  'Lily',
  'Jack',
  'Ivy',
  'George',
  'Sofia',
  'Theo',
  'Grace',
  'Finley',
];
export const LAST = [
  'Hughes',
  'Begum',
  'Walker',
  'Nowak',
  'Roberts',
  'Ahmed',
  'Wright',
  'Green',
  'Hall',
  'Turner',
  'Ali',
  'Cooper',
  'Ward',
  'Murphy',
  'Shaw',
];
export const CATEGORIES = ['NEGLECT', 'EMOTIONAL_ABUSE', 'PHYSICAL_ABUSE', 'NEGLECT', 'MULTIPLE', 'SEXUAL_ABUSE'];
const VIEWS = [
  ['IN_PERSON', true],
  ['VIA_ADVOCATE', false],
  ['NOT_SHARED', false],
  ['VIA_SOCIAL_WORKER', false],
  ['IN_WRITING', false],
] as const;

const M = {
  register: 'mutation($i: RegisterChildInput!) { registerChild(input: $i) { id } }',
  requestInitial: 'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id dueBy } }',
  requestTransfer:
    'mutation($i: RequestTransferInConferenceInput!) { requestTransferInConference(input: $i) { id dueBy } }',
  schedule: 'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }',
  hold: 'mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { id outcomes { plan { id } } } }',
  reviews: 'query($id: ID!) { child(id: $id) { conferences { id type status dueBy } } }',
  planActions: 'query($id: ID!) { childProtectionPlan(id: $id) { actions { id status } } }',
  scheduleMeeting: 'mutation($i: ScheduleCoreGroupMeetingInput!) { scheduleCoreGroupMeeting(input: $i) { id } }',
  recordMeeting: 'mutation($i: RecordCoreGroupMeetingInput!) { recordCoreGroupMeeting(input: $i) { id } }',
  offer: 'mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id } }',
  respondOffer: 'mutation($i: AdvocateResponseInput!) { recordAdvocateResponse(input: $i) { id } }',
  allocate:
    'mutation($id: ID!, $on: Date) { allocateAdvocate(offerId: $id, advocateName: "Coram Voice", allocatedOn: $on) { id } }',
  completeAdvocacy: 'mutation($id: ID!, $on: Date!) { completeAdvocacy(offerId: $id, completedOn: $on) { id } }',
  withdrawOffer: 'mutation($id: ID!) { withdrawAdvocateOffer(offerId: $id, reason: "the family moved away") { id } }',
  conversation:
    'mutation($i: RecordConversationInput!) { recordConversation(input: $i) { id actions { id description } } }',
  completeAction: 'mutation($i: CompleteActionInput!) { completeAction(input: $i) { id } }',
  cancelAction: 'mutation($id: ID!) { cancelAction(actionId: $id, reason: "superseded by the review") { id } }',
  raise: 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id } }',
  ack: 'mutation($id: ID!) { acknowledgeEscalation(escalationId: $id) { id } }',
  respond: 'mutation($i: RespondToEscalationInput!) { respondToEscalation(input: $i) { id } }',
  resolve: 'mutation($id: ID!) { resolveEscalation(escalationId: $id, note: "Satisfied with the response") { id } }',
  escalate:
    'mutation($id: ID!) { escalateToNextStage(escalationId: $id, reason: "The response does not address the risk") { id } }',
  withdraw:
    'mutation($id: ID!) { withdrawEscalation(escalationId: $id, reason: "Resolved in a professionals meeting") { id } }',
};

type G = <T = any>(who: Person, q: string, v?: Record<string, unknown>) => Promise<T>;

/**
 * The demo stories, told relative to `today`: the service clock's date (issue 10), so a demo seeded
 * with CLOCK_TODAY looks as it would have on that day.
 */
export function storiesAsOf(today: IsoDate) {
  const wd = (n: number) => cal.addWorkingDays(today, -n);

  async function tellStory(client: DemoClient, cast: Cast, i: number, casePrefix: string): Promise<void> {
    const team = cast.teams[i % cast.teams.length];
    const sw = team.socialWorkers[i % team.socialWorkers.length];
    const chair = cast.chairs[i % cast.chairs.length];
    const g = <T = any>(who: Person, q: string, v: Record<string, unknown> = {}) => client.gql<T>(who, q, v);
    const unborn = i % 19 === 7;
    const young = i % 7 === 3;
    const age = young ? 2 + (i % 3) : 6 + (i % 11);
    const child = (
      await g(cast.admin, M.register, {
        i: {
          caseReference: `${casePrefix}-${String(i + 1).padStart(5, '0')}`,
          name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
          teamId: team.id,
          socialWorkerId: sw.id,
          ...(unborn
            ? { expectedDateOfBirth: addCalendarDays(today, 40 + (i % 50)) }
            : { dateOfBirth: addCalendarDays(addCalendarMonths(today, -12 * age), -(i * 13) % 300) }),
        },
      })
    ).registerChild.id as string;

    // The conference: 1 in 10 still open (requested, or scheduled ahead); 1 in 13 a transfer-in.
    const open = i % 10 === 9;
    const s = open ? 3 + (i % 6) : unborn ? 25 + (i % 10) : 22 + ((i * 37) % 210);
    const transfer = i % 13 === 6;
    const req = transfer
      ? (await g(chair, M.requestTransfer, { i: { childIds: [child], transferNotifiedOn: wd(s) } }))
          .requestTransferInConference
      : (await g(chair, M.requestInitial, { i: { childIds: [child], strategyDiscussionDate: wd(s) } }))
          .requestInitialConference;
    if (open) {
      if (i % 20 === 9)
        await g(chair, M.schedule, {
          i: { conferenceId: req.id, scheduledFor: `${cal.addWorkingDays(today, 4)}T10:00:00Z` },
        });
    } else {
      await heldConference(g, chair, child, sw, req.id, wd(s), s, i, unborn, young);
    }
    if (i % 2 === 0) await conversation(g, chair, child, team.manager, sw, i);
    if (i % 3 === 0) await escalation(g, cast, chair, team.manager, sw, child, Math.floor(i / 3) % 12);
    if (i % 5 === 2) await caseAuditStory(g, today, cast.qaOfficer, chair, team, sw, child, Math.floor(i / 5));
  }

  /** The conference held (on time, or late one in four), the plan's core groups and first review, advocacy. */
  async function heldConference(
    g: G,
    chair: Person,
    child: string,
    sw: Person,
    conferenceId: string,
    clockStart: string,
    s: number,
    i: number,
    unborn: boolean,
    young: boolean,
  ) {
    // One in twenty first meets without a quorum, 8 working days after the clock start, and is reconvened.
    const req = { id: reconvenes(i) ? await inquorateFirst(g, chair, conferenceId, wd(s - 8)) : conferenceId };
    const late = i % 4 === 1;
    const heldOn = late ? wd(s - 15 - (2 + (i % 5))) : wd(s - 15 + (i % 6));
    const planStarts = i % 5 !== 4;
    await g(chair, M.schedule, { i: { conferenceId: req.id, scheduledFor: `${heldOn}T10:00:00Z` } });
    const [views, attended] = VIEWS[i % VIEWS.length];
    const held = (
      await g(chair, M.hold, {
        i: {
          conferenceId: req.id,
          heldOn,
          outcomes: [
            planStarts
              ? {
                  childId: child,
                  decision: 'PLAN_STARTED',
                  category: CATEGORIES[i % CATEGORIES.length],
                  actions:
                    i % 4 === 0
                      ? [
                          {
                            description: 'Attend the parenting programme',
                            ownerId: sw.id,
                            dueBy: addCalendarDays(heldOn, 42),
                          },
                        ]
                      : undefined,
                }
              : { childId: child, decision: 'NO_PLAN' },
          ],
          participation: unborn ? undefined : [{ childId: child, attended, viewsShared: views }],
          delayReason: late ? 'Police and health reports were not ready' : undefined,
          ...multiAgencyHold(i),
        },
      })
    ).recordConferenceHeld;
    await familyAndMinutes(g, chair, sw, req.id, heldOn, i, today);

    if (!unborn && !young) await advocacy(g, chair, child, req.id, heldOn, clockStart, i);
    const planId: string | undefined = held.outcomes[0].plan?.id;
    let lastMeeting: string | null = null;
    if (planId) {
      // First core group within 10 working days (two in three), then one four weeks on.
      const first = cal.addWorkingDays(heldOn, i % 3 === 2 ? 13 : 8);
      for (const day of [first, working(addCalendarDays(first, 28))]) {
        if (day >= today || (day !== first && i % 2 === 1)) break;
        const meeting = (await g(chair, M.scheduleMeeting, { i: { planId, scheduledFor: `${day}T10:00:00Z` } }))
          .scheduleCoreGroupMeeting;
        const open = (await g(chair, M.planActions, { id: planId })).childProtectionPlan.actions.filter(
          (a: { status: string }) => a.status === 'OPEN',
        );
        await g(chair, M.recordMeeting, {
          i: {
            meetingId: meeting.id,
            heldOn: day,
            progress: open.map((a: { id: string }) => ({
              actionId: a.id,
              progress: i % 8 === 0 ? 'DRIFTING' : 'ON_TRACK',
            })),
          },
        });
        lastMeeting = day;
      }
      if (!unborn) await review(g, chair, child, i, lastMeeting);
    }
  }

  /** Offers in every state: awaiting a reply, accepted, declined, allocated, completed, withdrawn; one in six not offered. */
  async function advocacy(
    g: G,
    chair: Person,
    child: string,
    conferenceId: string,
    heldOn: string,
    clockStart: string,
    i: number,
  ) {
    const state = i % 6;
    if (state === 5) return;
    const offeredOn = cal.addWorkingDays(heldOn, -2) < clockStart ? clockStart : cal.addWorkingDays(heldOn, -2);
    const id = (await g(chair, M.offer, { i: { childId: child, conferenceId, offeredOn } })).offerAdvocate.id;
    if (state === 0) return i % 12 === 0 ? void (await g(chair, M.withdrawOffer, { id })) : undefined;
    const respondedOn = heldOn;
    if (state === 2)
      return void (await g(chair, M.respondOffer, {
        i: { offerId: id, accepted: false, respondedOn, declineReason: 'Prefers to speak to the social worker' },
      }));
    await g(chair, M.respondOffer, { i: { offerId: id, accepted: true, respondedOn } });
    if (state === 1) return;
    await g(chair, M.allocate, { id, on: minDate(cal.addWorkingDays(heldOn, 3), today) });
    if (state === 4) await g(chair, M.completeAdvocacy, { id, on: minDate(cal.addWorkingDays(heldOn, 20), today) });
  }

  /** The first review, when due: on time mostly, late one in five; one in six ends the plan. */
  async function review(g: G, chair: Person, child: string, i: number, lastMeeting: string | null) {
    const conferences = (await g(chair, M.reviews, { id: child })).child.conferences as {
      id: string;
      type: string;
      status: string;
      dueBy: string;
    }[];
    const next = conferences.find((c) => c.type === 'REVIEW' && c.status === 'REQUESTED');
    if (!next || next.dueBy >= cal.addWorkingDays(today, -3)) return;
    const late = i % 5 === 1 && cal.addWorkingDays(next.dueBy, 6) < today;
    const heldOn = late ? cal.addWorkingDays(next.dueBy, 6) : working(addCalendarDays(next.dueBy, -2));
    const ends = i % 6 === 0 && (!lastMeeting || lastMeeting < heldOn);
    await g(chair, M.schedule, { i: { conferenceId: next.id, scheduledFor: `${heldOn}T14:00:00Z` } });
    const [views, attended] = VIEWS[(i + 2) % VIEWS.length];
    await g(chair, M.hold, {
      i: {
        conferenceId: next.id,
        heldOn,
        outcomes: [
          ends
            ? {
                childId: child,
                decision: 'PLAN_ENDED',
                endReason: 'Risk reduced; support continues as a child in need',
              }
            : { childId: child, decision: 'PLAN_CONTINUED' },
        ],
        participation: [{ childId: child, attended, viewsShared: views }],
        delayReason: late ? 'The chair was unavailable' : undefined,
      },
    });
  }

  /** A chair's informal challenge with actions done on time, late, overdue, not yet due or cancelled. */
  async function conversation(g: G, chair: Person, child: string, manager: Person, sw: Person, i: number) {
    const kind = (i / 2) % 8;
    const heldOn = wd(6 + ((i * 7) % 50));
    const due = (n: number) => cal.addWorkingDays(heldOn, n);
    const actions = [
      [{ d: 'Complete the overdue home visit', due: due(3), done: due(2) }],
      [{ d: 'Share the updated assessment', due: due(2), done: due(4) }],
      [{ d: 'Arrange the family group conference', due: due(3) }],
      [{ d: 'Agree the safety plan with the family', due: cal.addWorkingDays(today, 8) }],
      [
        { d: 'Chase the health visitor', due: due(2), done: due(1) },
        { d: 'Update the chronology', due: due(4) },
      ],
      [],
      [{ d: 'Book the strategy meeting', due: due(5), cancel: true }],
      [
        { d: 'Send the minutes to the school', due: due(1), done: due(1) },
        { d: 'Plan direct work with the child', due: cal.addWorkingDays(today, 12) },
      ],
    ][kind] as { d: string; due: string; done?: string; cancel?: boolean }[];
    const conv = (
      await g(chair, M.conversation, {
        i: {
          childId: child,
          withStaffId: i % 4 === 0 ? manager.id : sw.id,
          heldOn,
          summary: 'Challenged the pace of the plan; agreed next steps.',
          actions: actions.map((a) => ({ description: a.d, ownerId: sw.id, dueBy: a.due })),
        },
      })
    ).recordConversation;
    for (const a of actions) {
      const id = conv.actions.find((x: { description: string }) => x.description === a.d).id;
      if (a.done) await g(sw, M.completeAction, { i: { actionId: id, outcome: 'Done', completedOn: a.done } });
      if (a.cancel) await g(chair, M.cancelAction, { id });
    }
  }

  /** Escalations at every stage and status; the final deadline sweep breaches variants 9 and 10. */
  async function escalation(
    g: G,
    cast: Cast,
    chair: Person,
    manager: Person,
    sw: Person,
    child: string,
    variant: number,
  ) {
    const raisedOn = wd([1, 2, 3, 6, 28, 4, 5, 8, 2, 9, 7, 3][variant]);
    const stage = variant === 8 ? 3 : variant === 10 ? 4 : variant === 11 ? 2 : 1;
    const concern = CONCERNS[variant % CONCERNS.length];
    const id = (
      await g(chair, M.raise, {
        i: {
          childId: child,
          raisedOn,
          stage,
          concern,
          summary: 'The plan is not progressing and the risks are not being addressed.',
        },
      })
    ).raiseEscalation.id;
    const respond = (who: Person, actions = false) =>
      g(who, M.respond, {
        i: {
          escalationId: id,
          response: 'Reviewed with the team; actions agreed.',
          actions: actions
            ? [{ description: 'Allocate a second worker', ownerId: sw.id, dueBy: cal.addWorkingDays(today, 5) }]
            : undefined,
        },
      });
    if (variant === 1 || variant === 8) await g(variant === 8 ? cast.headOfService : manager, M.ack, { id });
    if ([2, 3, 4, 6, 7].includes(variant)) await respond(manager, variant === 2);
    if (variant === 3 || variant === 4) await g(chair, M.resolve, { id });
    if (variant === 5) await g(chair, M.withdraw, { id });
    if (variant === 6 || variant === 7) await g(chair, M.escalate, { id });
    if (variant === 7) {
      await respond(cast.serviceManager);
      await g(chair, M.resolve, { id });
    }
    if (variant === 11) {
      await g(chair, M.escalate, { id });
      await g(chair, M.escalate, { id });
      await g(cast.director, M.ack, { id });
    }
  }

  return { tellStory };
}
