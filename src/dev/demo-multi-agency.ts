import { englandAndWales as cal, type IsoDate } from '../calendar/working-calendar';
import { Person } from './demo-cast';

// Issue 18 in the demo: who came to each ICPC, an inquorate one reconvened, a chair going ahead
// without a quorum, reports to the family and minutes on time, late, or not recorded.

const Q = {
  schedule: 'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }',
  hold: 'mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { id reconvenedAs { id } } }',
  shared: 'mutation($id: ID!, $on: Date!) { recordReportSharedWithFamily(conferenceId: $id, sharedOn: $on) { id } }',
  minutes: 'mutation($id: ID!, $on: Date!) { recordMinutesDistributed(conferenceId: $id, distributedOn: $on) { id } }',
};

type G = <T = any>(who: Person, q: string, v?: Record<string, unknown>) => Promise<T>;

const attended = (came: string[], invited = ['CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH', 'EDUCATION']) =>
  invited.map((agency, k) => ({
    agency,
    attended: came.includes(agency),
    reportReceived: agency === 'CHILDRENS_SOCIAL_CARE' ? true : (k + came.length) % 2 === 0,
  }));

/** Whether this story's ICPC is first held inquorate and reconvened. */
export const reconvenes = (i: number) => i % 20 === 3;

/** The attendance (and any reason to go ahead) recorded when the story's ICPC is held. */
export function multiAgencyHold(i: number): Record<string, unknown> {
  if (i % 9 === 4) return {};
  if (i % 6 === 1)
    return {
      attendance: attended(['CHILDRENS_SOCIAL_CARE', 'HEALTH']),
      inquorateProceedReason: 'Immediate risk: the decision could not wait for the police',
    };
  return {
    attendance: attended(
      i % 2 === 0
        ? ['CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH', 'EDUCATION']
        : ['CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH'],
    ),
  };
}

/** Holds the conference inquorate on `day` (health and education did not come); returns the reconvened conference. */
export async function inquorateFirst(g: G, chair: Person, conferenceId: string, day: IsoDate): Promise<string> {
  await g(chair, Q.schedule, { i: { conferenceId, scheduledFor: `${day}T10:00:00Z` } });
  const held = (
    await g(chair, Q.hold, {
      i: { conferenceId, heldOn: day, outcomes: [], attendance: attended(['CHILDRENS_SOCIAL_CARE', 'POLICE']) },
    })
  ).recordConferenceHeld;
  return held.reconvenedAs.id as string;
}

/** The report to the family (on time, late, or never recorded) and the minutes (on time, late, or still owed). */
export async function familyAndMinutes(
  g: G,
  chair: Person,
  sw: Person,
  conferenceId: string,
  heldOn: IsoDate,
  i: number,
  today: IsoDate,
): Promise<void> {
  const reportDue = cal.addWorkingDays(heldOn, -2);
  if (i % 4 !== 0)
    await g(sw, Q.shared, {
      id: conferenceId,
      on: i % 4 === 3 ? cal.addWorkingDays(reportDue, 1) : cal.addWorkingDays(reportDue, -1),
    });
  const minutesOn = i % 3 === 0 ? cal.addWorkingDays(heldOn, 10) : i % 3 === 1 ? cal.addWorkingDays(heldOn, 18) : null;
  if (minutesOn && minutesOn <= today) await g(chair, Q.minutes, { id: conferenceId, on: minutesOn });
}
