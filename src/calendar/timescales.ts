import {
  addCalendarDays,
  addCalendarMonths,
  compareDates,
  minDate,
  type IsoDate,
  type WorkingCalendar,
} from './working-calendar';

// Statutory and local timescales. Each returns the last permitted date ("within N working days
// of D" = on or before the returned date). Working Together 2018 (ch.1, flowchart 4) and 2023
// (ch.4) set the national ones; the rest come from local child protection procedure.

// WT 2018 ch.1 / WT 2023 ch.4: ICPC within 15 working days of the strategy discussion.
export function initialConferenceDueBy(cal: WorkingCalendar, strategyDiscussionDate: IsoDate): IsoDate {
  return cal.addWorkingDays(strategyDiscussionDate, 15);
}

// Local procedure: transfer-in conference within 15 working days of notification of the move (or,
// by authority setting, of the acceptance of the referral: the caller passes that date).
export function transferInConferenceDueBy(cal: WorkingCalendar, clockStart: IsoDate): IsoDate {
  return cal.addWorkingDays(clockStart, 15);
}

// WT 2018 ch.1 / WT 2023 ch.4: first core group within 10 working days of the ICPC.
export function firstCoreGroupDueBy(cal: WorkingCalendar, initialConferenceHeldOn: IsoDate): IsoDate {
  return cal.addWorkingDays(initialConferenceHeldOn, 10);
}

// Local procedure: core groups at least every intervalWeeks weeks (4 by default).
export function nextCoreGroupDueBy(previousMeetingHeldOn: IsoDate, intervalWeeks = 4): IsoDate {
  if (!Number.isSafeInteger(intervalWeeks) || intervalWeeks < 1) {
    throw new RangeError(`intervalWeeks must be a positive integer, got ${intervalWeeks}`);
  }
  return addCalendarDays(previousMeetingHeldOn, intervalWeeks * 7);
}

export interface FirstReviewInput {
  /** Date the initial child protection conference was held. */
  heldOn: IsoDate;
  /** The child was unborn when the ICPC was held (pre-birth conference). */
  unbornAtConference?: boolean;
  /** Date of birth, once born; only consulted when unbornAtConference. */
  dateOfBirth?: IsoDate | null;
  /** Local procedure (authority setting, captured on the conference): working days after the birth; 10 by default. */
  birthWorkingDays?: number;
}

// WT 2018 ch.1 / WT 2023 ch.4: first review within 3 months of the ICPC.
// Local procedure: after a pre-birth ICPC, also within 10 working days of the birth (authority
// setting: partnerships use 10 days, 20 working days or 4 weeks), if sooner.
export function firstReviewDueBy(cal: WorkingCalendar, input: FirstReviewInput): IsoDate {
  const { heldOn, unbornAtConference = false, dateOfBirth = null, birthWorkingDays = 10 } = input;
  if (!Number.isSafeInteger(birthWorkingDays) || birthWorkingDays < 1) {
    throw new RangeError(`birthWorkingDays must be a positive integer, got ${birthWorkingDays}`);
  }
  const threeMonths = addCalendarMonths(heldOn, 3);
  if (!unbornAtConference || dateOfBirth == null) return threeMonths;
  // A birth before the conference contradicts "unborn at conference": refuse to guess.
  if (compareDates(dateOfBirth, heldOn) < 0) {
    throw new RangeError(`dateOfBirth ${dateOfBirth} precedes pre-birth conference ${heldOn}`);
  }
  return minDate(threeMonths, cal.addWorkingDays(dateOfBirth, birthWorkingDays));
}

// WT 2018 ch.1 / WT 2023 ch.4: later reviews at intervals of not more than 6 months.
export function laterReviewDueBy(previousReviewHeldOn: IsoDate): IsoDate {
  return addCalendarMonths(previousReviewHeldOn, 6);
}

// Local escalation (professional challenge) protocol: response within 5 working days by default.
export function escalationResponseDueBy(cal: WorkingCalendar, openedOn: IsoDate, workingDays = 5): IsoDate {
  if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`workingDays must be a non-negative integer, got ${workingDays}`);
  }
  return cal.addWorkingDays(openedOn, workingDays);
}

// Local procedure: an inquorate conference is reconvened within 10 working days.
export function inquorateConferenceResetBy(cal: WorkingCalendar, heldOn: IsoDate): IsoDate {
  return cal.addWorkingDays(heldOn, 10);
}
