import { CurrentUser } from '../../../src/auth/principal';
import { ConferenceHeldService } from '../../../src/conferences/conference-held.service';
import { ConferenceService } from '../../../src/conferences/conference.service';
import { AbuseCategory, PlanDecision } from '../../../src/conferences/conference.types';
import { DirectoryService } from '../../../src/directory/directory.service';
import { Person, TestApp } from '../test-app';
import { World } from '../world';

// Small builders for the conferences/plans/core-groups service tests (issue 11's middle tier): the
// directory comes from buildWorld; everything after it is made by calling the services directly.

/** The person as the services see a caller (the directory resolves and caches it). */
export function callerOf(t: TestApp, p: Person): Promise<CurrentUser> {
  return t.app
    .get(DirectoryService)
    .resolveCaller({ subject: p.sub, name: p.name ?? p.sub, roles: p.roles, authority: p.authority });
}

/** A requested ICPC for the children, its clock started by a strategy discussion on `discussedOn`. */
export function requestedIcpc(
  t: TestApp,
  chair: CurrentUser,
  childIds: string[],
  discussedOn: string,
): Promise<string> {
  return t.app.get(ConferenceService).request(chair, 'INITIAL', childIds, discussedOn, null);
}

/** Schedules the conference for 10:00 UTC on `day`, chaired by the caller. */
export function scheduled(t: TestApp, chair: CurrentUser, conferenceId: string, day: string): Promise<string> {
  return t.app.get(ConferenceService).schedule(chair, { conferenceId, scheduledFor: new Date(`${day}T10:00:00Z`) });
}

/** An ICPC requested, scheduled and held on `heldOn`, starting a plan (NEGLECT) for each child. */
export async function heldIcpc(
  t: TestApp,
  chair: CurrentUser,
  childIds: string[],
  dates: { discussedOn: string; heldOn: string },
): Promise<string> {
  const id = await requestedIcpc(t, chair, childIds, dates.discussedOn);
  await scheduled(t, chair, id, dates.heldOn);
  return t.app.get(ConferenceHeldService).record(chair, {
    conferenceId: id,
    heldOn: dates.heldOn,
    outcomes: childIds.map((childId) => ({
      childId,
      decision: PlanDecision.PLAN_STARTED,
      category: AbuseCategory.NEGLECT,
    })),
  });
}

/** A fresh child of team A (born 2016 unless told otherwise). */
export function childOfTeamA(
  w: World,
  opts: { dateOfBirth?: string; expectedDateOfBirth?: string } = {},
): Promise<string> {
  return w.child(w.teamA, opts);
}
