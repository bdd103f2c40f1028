import { englandAndWales as ew, firstReviewDueBy } from '../../src/calendar';
import { procedureSettingsProblems, transferInClockStartDate } from '../../src/directory/authority-procedure-settings';

// Issue 14. England's bank holidays in these ranges: Mon 31 Aug 2026 (summer), Fri 25 and Mon 28 Dec 2026
// (Christmas; Boxing Day, a Saturday, is substituted on the Monday), Fri 1 Jan 2027.
describe('the pre-birth review interval (authority setting)', () => {
  it('counts the given working days after the birth, the 10 of the default when none is given', () => {
    // ICPC Fri 2026-08-14 (3 months: 2026-11-14); born Mon 2026-08-24.
    const icpc = { heldOn: '2026-08-14', unbornAtConference: true, dateOfBirth: '2026-08-24' };
    // Aug 25-28 (4), Mon 31 Aug bank holiday, Sep 1-4 (8), 7, 8 (10).
    expect(firstReviewDueBy(ew, icpc)).toBe('2026-09-08');
    expect(firstReviewDueBy(ew, { ...icpc, birthWorkingDays: 10 })).toBe('2026-09-08');
    // Sep 9-11 (13), 14-18 (18), 21, 22 (20).
    expect(firstReviewDueBy(ew, { ...icpc, birthWorkingDays: 20 })).toBe('2026-09-22');
    // 65 working days after 2026-08-24 is past 2026-11-14: the 3 months come first.
    expect(firstReviewDueBy(ew, { ...icpc, birthWorkingDays: 65 })).toBe('2026-11-14');
  });

  it('over Christmas: born Thu 2026-12-17: Dec 18, 21-24 (5), 25 and 28 Dec bank holidays, 29-31 (8), 1 Jan bank holiday, Mon 4, Tue 5 Jan (10)', () => {
    expect(
      firstReviewDueBy(ew, {
        heldOn: '2026-12-01',
        unbornAtConference: true,
        dateOfBirth: '2026-12-17',
        birthWorkingDays: 10,
      }),
    ).toBe('2027-01-05');
  });

  it('refuses an interval that is not a positive whole number', () => {
    for (const days of [0, -3, 2.5]) {
      expect(() =>
        firstReviewDueBy(ew, {
          heldOn: '2026-08-14',
          unbornAtConference: true,
          dateOfBirth: '2026-08-24',
          birthWorkingDays: days,
        }),
      ).toThrow(RangeError);
    }
  });

  it('accepts 1 to 65 working days and names the field otherwise', () => {
    expect(procedureSettingsProblems({ preBirthReviewWorkingDays: 1 })).toEqual([]);
    expect(
      procedureSettingsProblems({ preBirthReviewWorkingDays: 65, transferInClockStart: 'REFERRAL_ACCEPTED' }),
    ).toEqual([]);
    for (const days of [0, 66, 2.5, Number.NaN]) {
      expect(procedureSettingsProblems({ preBirthReviewWorkingDays: days })).toEqual([
        { field: 'preBirthReviewWorkingDays', message: expect.stringContaining('from 1 to 65') },
      ]);
    }
    expect(procedureSettingsProblems({ transferInClockStart: 'LATER' as never })).toEqual([
      { field: 'transferInClockStart', message: 'must be NOTIFICATION or REFERRAL_ACCEPTED' },
    ]);
  });
});

describe('the transfer-in clock start (authority setting)', () => {
  const today = '2026-11-26';
  it('NOTIFICATION: the clock starts at the notification; the referral is optional, recorded, and checked', () => {
    expect(transferInClockStartDate('NOTIFICATION', { transferNotifiedOn: '2026-08-03' }, today)).toEqual({
      clockStart: '2026-08-03',
      problems: [],
    });
    expect(
      transferInClockStartDate(
        'NOTIFICATION',
        { transferNotifiedOn: '2026-08-03', referralAcceptedOn: '2026-08-10' },
        today,
      ),
    ).toEqual({ clockStart: '2026-08-03', problems: [] });
    expect(
      transferInClockStartDate(
        'NOTIFICATION',
        { transferNotifiedOn: '2026-08-03', referralAcceptedOn: '2026-07-31' },
        today,
      ).problems,
    ).toEqual([
      {
        field: 'referralAcceptedOn',
        message: expect.stringContaining('must not be before the notification of the move, 2026-08-03'),
      },
    ]);
  });

  it('REFERRAL_ACCEPTED: the referral is required and the clock starts there; it may be the day of the notification, not after today', () => {
    expect(
      transferInClockStartDate(
        'REFERRAL_ACCEPTED',
        { transferNotifiedOn: '2026-08-03', referralAcceptedOn: '2026-08-10' },
        today,
      ),
    ).toEqual({ clockStart: '2026-08-10', problems: [] });
    expect(
      transferInClockStartDate(
        'REFERRAL_ACCEPTED',
        { transferNotifiedOn: '2026-08-03', referralAcceptedOn: '2026-08-03' },
        today,
      ),
    ).toEqual({ clockStart: '2026-08-03', problems: [] });
    expect(
      transferInClockStartDate(
        'REFERRAL_ACCEPTED',
        { transferNotifiedOn: '2026-08-03', referralAcceptedOn: null },
        today,
      ).problems,
    ).toEqual([{ field: 'referralAcceptedOn', message: expect.stringContaining('is required') }]);
    expect(
      transferInClockStartDate(
        'REFERRAL_ACCEPTED',
        { transferNotifiedOn: '2026-11-20', referralAcceptedOn: '2026-11-27' },
        today,
      ).problems,
    ).toEqual([{ field: 'referralAcceptedOn', message: 'must not be in the future' }]);
  });
});
