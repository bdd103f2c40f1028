import { englandAndWales as ew } from '../../src/calendar';
import { firstReviewDueAfterBirth, nextReviewDueBy } from '../../src/conferences/review-due-dates';

// The review conference's due date (Working Together: first review within 3 months of the ICPC, later
// ones within 6 months; local procedure: within 10 working days of the birth after a pre-birth ICPC).
// England and Wales bank holidays named where they are skipped; every date can be counted on a calendar.

const born = { unbornAtConference: false, dateOfBirth: '2020-05-01' };
const unborn = { unbornAtConference: true, dateOfBirth: null };

describe('nextReviewDueBy: the review a held conference requests', () => {
  it('after an initial or transfer-in conference: 3 calendar months, the last day of a shorter month standing in', () => {
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-03-10' }, [born])).toBe('2026-06-10');
    // 30 Nov + 3 months: there is no 30 Feb, so the last day of February.
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-11-30' }, [born])).toBe('2027-02-28');
    expect(nextReviewDueBy(ew, { type: 'TRANSFER_IN', heldOn: '2026-01-15' }, [born])).toBe('2026-04-15');
    // Calendar months, not working days: a due date on a bank holiday (Mon 31 Aug 2026, summer bank holiday) stands.
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-05-31' }, [born])).toBe('2026-08-31');
  });

  it('after a pre-birth conference with no birth recorded: still 3 months', () => {
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-12-14' }, [unborn])).toBe('2027-03-14');
  });

  it('a child born since the pre-birth conference: 10 working days after the birth if sooner, over Christmas and New Year', () => {
    // Born Wed 16 Dec 2026: 17, 18 (2), 21-24 (6), Christmas Fri 25 and Boxing Day (Mon 28, substitute) skipped,
    // 29-31 (9), New Year's Day Fri 1 Jan skipped, Mon 4 Jan 2027 (10). Sooner than 14 Mar.
    const child = { unbornAtConference: true, dateOfBirth: '2026-12-16' };
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-12-14' }, [child])).toBe('2027-01-04');
  });

  it('one review for siblings: the soonest of their dates', () => {
    const newborn = { unbornAtConference: true, dateOfBirth: '2026-12-16' };
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-12-14' }, [born, newborn])).toBe('2027-01-04');
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-12-14' }, [born, unborn])).toBe('2027-03-14');
  });

  it('after a review: 6 calendar months, whatever the children', () => {
    expect(nextReviewDueBy(ew, { type: 'REVIEW', heldOn: '2026-05-14' }, [born])).toBe('2026-11-14');
    // 31 Aug + 6 months: 28 Feb 2027, but 29 Feb in the leap year 2028.
    expect(nextReviewDueBy(ew, { type: 'REVIEW', heldOn: '2026-08-31' }, [born])).toBe('2027-02-28');
    expect(nextReviewDueBy(ew, { type: 'REVIEW', heldOn: '2027-08-31' }, [born])).toBe('2028-02-29');
    const newborn = { unbornAtConference: true, dateOfBirth: '2026-05-15' };
    expect(nextReviewDueBy(ew, { type: 'REVIEW', heldOn: '2026-05-14' }, [newborn])).toBe('2026-11-14');
  });
});

describe('firstReviewDueAfterBirth: recordBirth moves the first review of a plan started unborn', () => {
  it('moves it to 10 working days after the birth when that is sooner', () => {
    // Plan started Tue 1 Dec 2026, review due Mon 1 Mar 2027. Born Fri 18 Dec: 21-24 (4), 25 and 28 skipped
    // (Christmas, Boxing Day substitute), 29-31 (7), 1 Jan skipped, 4-6 Jan (10): Wed 6 Jan 2027.
    expect(firstReviewDueAfterBirth(ew, { planStartDate: '2026-12-01', dueBy: '2027-03-01' }, '2026-12-18')).toBe('2027-01-06');
  });

  it('leaves it when 10 working days after the birth is later than 3 months', () => {
    // Started Mon 2 Feb 2026, due Sat 2 May. Born Fri 24 Apr: 27-30 Apr (4), Fri 1 May (5), early May bank holiday
    // Mon 4 May skipped, 5-8 May (9), Mon 11 May (10): later than 2 May, so no change.
    expect(firstReviewDueAfterBirth(ew, { planStartDate: '2026-02-02', dueBy: '2026-05-02' }, '2026-04-24')).toBeNull();
  });

  it('counts from the conference when the birth is recorded as before it', () => {
    // Started Mon 23 Mar 2026; birth recorded as Fri 20 Mar. From 23 Mar: 24-27 (4), 30 Mar-2 Apr (8),
    // Good Friday 3 Apr and Easter Monday 6 Apr skipped, 7-8 Apr (10): Wed 8 Apr.
    expect(firstReviewDueAfterBirth(ew, { planStartDate: '2026-03-23', dueBy: '2026-06-23' }, '2026-03-20')).toBe('2026-04-08');
  });

  it('never moves a review later: a sibling born earlier keeps the sooner date', () => {
    // The review already moved to 6 Jan 2027 for a twin born 18 Dec; the other recorded as born 21 Dec would give 7 Jan.
    expect(firstReviewDueAfterBirth(ew, { planStartDate: '2026-12-01', dueBy: '2027-01-06' }, '2026-12-21')).toBeNull();
    // A sibling born sooner still moves it earlier: born Tue 1 Dec (the conference day), 10 working days is Tue 15 Dec.
    expect(firstReviewDueAfterBirth(ew, { planStartDate: '2026-12-01', dueBy: '2027-01-06' }, '2026-12-01')).toBe('2026-12-15');
  });
});
