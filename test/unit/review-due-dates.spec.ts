import { englandAndWales as ew } from '../../src/calendar';
import { firstReviewDueAfterBirth, nextReviewDueBy } from '../../src/conferences/review-due-dates';

// The review conference's due date (Working Together: first review within 3 months of the ICPC, later
// ones within 6 months; local procedure: within 10 working days of the birth after a pre-birth ICPC, or the
// interval the authority set, captured on the conference when it was requested: issue 14).
// England and Wales bank holidays named where they are skipped; every date can be counted on a calendar.

const born = { unbornAtConference: false, dateOfBirth: '2020-05-01' };
const unborn = { unbornAtConference: true, dateOfBirth: null };

describe('nextReviewDueBy: the review a held conference requests', () => {
  it('after an initial or transfer-in conference: 3 calendar months, the last day of a shorter month standing in', () => {
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-03-10', preBirthReviewWorkingDays: 10 }, [born])).toBe(
      '2026-06-10',
    );
    // 30 Nov + 3 months: there is no 30 Feb, so the last day of February.
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-11-30', preBirthReviewWorkingDays: 10 }, [born])).toBe(
      '2027-02-28',
    );
    expect(
      nextReviewDueBy(ew, { type: 'TRANSFER_IN', heldOn: '2026-01-15', preBirthReviewWorkingDays: 10 }, [born]),
    ).toBe('2026-04-15');
    // Calendar months, not working days: a due date on a bank holiday (Mon 31 Aug 2026, summer bank holiday) stands.
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-05-31', preBirthReviewWorkingDays: 10 }, [born])).toBe(
      '2026-08-31',
    );
  });

  it('after a pre-birth conference with no birth recorded: still 3 months', () => {
    expect(
      nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-12-14', preBirthReviewWorkingDays: 10 }, [unborn]),
    ).toBe('2027-03-14');
  });

  it('a child born since the pre-birth conference: 10 working days after the birth if sooner, over Christmas and New Year', () => {
    // Born Wed 16 Dec 2026: 17, 18 (2), 21-24 (6), Christmas Fri 25 and Boxing Day (Mon 28, substitute) skipped,
    // 29-31 (9), New Year's Day Fri 1 Jan skipped, Mon 4 Jan 2027 (10). Sooner than 14 Mar.
    const child = { unbornAtConference: true, dateOfBirth: '2026-12-16' };
    expect(nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-12-14', preBirthReviewWorkingDays: 10 }, [child])).toBe(
      '2027-01-04',
    );
  });

  it('one review for siblings: the soonest of their dates', () => {
    const newborn = { unbornAtConference: true, dateOfBirth: '2026-12-16' };
    expect(
      nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-12-14', preBirthReviewWorkingDays: 10 }, [born, newborn]),
    ).toBe('2027-01-04');
    expect(
      nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-12-14', preBirthReviewWorkingDays: 10 }, [born, unborn]),
    ).toBe('2027-03-14');
  });

  it('after a review: 6 calendar months, whatever the children', () => {
    expect(nextReviewDueBy(ew, { type: 'REVIEW', heldOn: '2026-05-14', preBirthReviewWorkingDays: 10 }, [born])).toBe(
      '2026-11-14',
    );
    // 31 Aug + 6 months: 28 Feb 2027, but 29 Feb in the leap year 2028.
    expect(nextReviewDueBy(ew, { type: 'REVIEW', heldOn: '2026-08-31', preBirthReviewWorkingDays: 10 }, [born])).toBe(
      '2027-02-28',
    );
    expect(nextReviewDueBy(ew, { type: 'REVIEW', heldOn: '2027-08-31', preBirthReviewWorkingDays: 10 }, [born])).toBe(
      '2028-02-29',
    );
    const newborn = { unbornAtConference: true, dateOfBirth: '2026-05-15' };
    expect(
      nextReviewDueBy(ew, { type: 'REVIEW', heldOn: '2026-05-14', preBirthReviewWorkingDays: 10 }, [newborn]),
    ).toBe('2026-11-14');
  });

  describe("with the authority's pre-birth interval set to another number of working days (issue 14)", () => {
    const newborn = { unbornAtConference: true, dateOfBirth: '2026-12-16' };
    const icpc = (preBirthReviewWorkingDays: number) => ({
      type: 'INITIAL',
      heldOn: '2026-12-14',
      preBirthReviewWorkingDays,
    });

    it('20 working days after the birth, over Christmas and New Year', () => {
      // Born Wed 16 Dec 2026: 17, 18 (2), 21-24 (6), 25 and 28 Dec skipped, 29-31 (9), 1 Jan skipped,
      // 4-8 Jan (14), 11-15 Jan (19), Mon 18 Jan 2027 (20). Ten days would give 4 Jan (above).
      expect(nextReviewDueBy(ew, icpc(20), [newborn])).toBe('2027-01-18');
      // Siblings: still the soonest of their dates, each on the same interval.
      expect(nextReviewDueBy(ew, icpc(20), [born, newborn, unborn])).toBe('2027-01-18');
    });

    it('5 and 1 working days: shorter intervals, bank holidays still skipped', () => {
      // Born Wed 16 Dec: 17, 18, 21, 22, 23 (5): Wed 23 Dec 2026.
      expect(nextReviewDueBy(ew, icpc(5), [newborn])).toBe('2026-12-23');
      // Born Thu 24 Dec: Christmas Fri 25 and Boxing Day substitute Mon 28 skipped: Tue 29 Dec.
      expect(nextReviewDueBy(ew, icpc(1), [{ unbornAtConference: true, dateOfBirth: '2026-12-24' }])).toBe(
        '2026-12-29',
      );
    });

    it('65 working days (the largest allowed): 3 months comes first', () => {
      // ICPC Tue 10 Mar 2026, born Thu 12 Mar: 13 weeks is Thu 11 Jun, plus Good Friday 3 Apr, Easter Monday 6 Apr,
      // early May 4 May and spring 25 May bank holidays: Wed 17 Jun, later than 10 Jun (3 months).
      const child = { unbornAtConference: true, dateOfBirth: '2026-03-12' };
      expect(
        nextReviewDueBy(ew, { type: 'INITIAL', heldOn: '2026-03-10', preBirthReviewWorkingDays: 65 }, [child]),
      ).toBe('2026-06-10');
    });

    it('after a review the interval plays no part: 6 months', () => {
      expect(
        nextReviewDueBy(ew, { type: 'REVIEW', heldOn: '2026-05-14', preBirthReviewWorkingDays: 1 }, [
          { unbornAtConference: true, dateOfBirth: '2026-05-15' },
        ]),
      ).toBe('2026-11-14');
    });
  });
});

describe('firstReviewDueAfterBirth: recordBirth moves the first review of a plan started unborn', () => {
  it('moves it to 10 working days after the birth when that is sooner', () => {
    // Plan started Tue 1 Dec 2026, review due Mon 1 Mar 2027. Born Fri 18 Dec: 21-24 (4), 25 and 28 skipped
    // (Christmas, Boxing Day substitute), 29-31 (7), 1 Jan skipped, 4-6 Jan (10): Wed 6 Jan 2027.
    expect(
      firstReviewDueAfterBirth(
        ew,
        { planStartDate: '2026-12-01', dueBy: '2027-03-01', preBirthReviewWorkingDays: 10 },
        '2026-12-18',
      ),
    ).toBe('2027-01-06');
  });

  it('leaves it when 10 working days after the birth is later than 3 months', () => {
    // Started Mon 2 Feb 2026, due Sat 2 May. Born Fri 24 Apr: 27-30 Apr (4), Fri 1 May (5), early May bank holiday
    // Mon 4 May skipped, 5-8 May (9), Mon 11 May (10): later than 2 May, so no change.
    expect(
      firstReviewDueAfterBirth(
        ew,
        { planStartDate: '2026-02-02', dueBy: '2026-05-02', preBirthReviewWorkingDays: 10 },
        '2026-04-24',
      ),
    ).toBeNull();
  });

  it('counts from the conference when the birth is recorded as before it', () => {
    // Started Mon 23 Mar 2026; birth recorded as Fri 20 Mar. From 23 Mar: 24-27 (4), 30 Mar-2 Apr (8),
    // Good Friday 3 Apr and Easter Monday 6 Apr skipped, 7-8 Apr (10): Wed 8 Apr.
    expect(
      firstReviewDueAfterBirth(
        ew,
        { planStartDate: '2026-03-23', dueBy: '2026-06-23', preBirthReviewWorkingDays: 10 },
        '2026-03-20',
      ),
    ).toBe('2026-04-08');
  });

  it('never moves a review later: a sibling born earlier keeps the sooner date', () => {
    // The review already moved to 6 Jan 2027 for a twin born 18 Dec; the other recorded as born 21 Dec would give 7 Jan.
    expect(
      firstReviewDueAfterBirth(
        ew,
        { planStartDate: '2026-12-01', dueBy: '2027-01-06', preBirthReviewWorkingDays: 10 },
        '2026-12-21',
      ),
    ).toBeNull();
    // A sibling born sooner still moves it earlier: born Tue 1 Dec (the conference day), 10 working days is Tue 15 Dec.
    expect(
      firstReviewDueAfterBirth(
        ew,
        { planStartDate: '2026-12-01', dueBy: '2027-01-06', preBirthReviewWorkingDays: 10 },
        '2026-12-01',
      ),
    ).toBe('2026-12-15');
  });

  it('uses the interval the review captured (issue 14): 20 working days after the birth', () => {
    // Started Tue 1 Dec 2026, due Mon 1 Mar 2027. Born Fri 18 Dec: 21-24 (4), 25 and 28 skipped, 29-31 (7),
    // 1 Jan skipped, 4-8 Jan (12), 11-15 Jan (17), 18-20 Jan (20): Wed 20 Jan 2027 (6 Jan with 10 days).
    expect(
      firstReviewDueAfterBirth(
        ew,
        { planStartDate: '2026-12-01', dueBy: '2027-03-01', preBirthReviewWorkingDays: 20 },
        '2026-12-18',
      ),
    ).toBe('2027-01-20');
  });

  it('a birth that moves the review on 10 working days may leave it on 20', () => {
    // Started Mon 2 Feb 2026, due Sat 2 May. Born Fri 10 Apr (after Easter). 10 days: 13-17 (5), 20-24 Apr (10):
    // Fri 24 Apr, sooner. 20 days: 27-30 Apr (14), Fri 1 May (15), Mon 4 May skipped (early May bank holiday),
    // 5-8 May (19), Mon 11 May (20): later than 2 May, so no change.
    expect(
      firstReviewDueAfterBirth(
        ew,
        { planStartDate: '2026-02-02', dueBy: '2026-05-02', preBirthReviewWorkingDays: 10 },
        '2026-04-10',
      ),
    ).toBe('2026-04-24');
    expect(
      firstReviewDueAfterBirth(
        ew,
        { planStartDate: '2026-02-02', dueBy: '2026-05-02', preBirthReviewWorkingDays: 20 },
        '2026-04-10',
      ),
    ).toBeNull();
  });
});
