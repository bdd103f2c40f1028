import fc from 'fast-check';
import {
  addCalendarDays,
  addCalendarMonths,
  compareDates,
  dayOfWeek,
  englandAndWales as ew,
  isBankHoliday,
  isValidIsoDate,
  isWeekend,
  isWorkingDay,
  londonDate,
  maxDate,
  minDate,
  WorkingCalendar,
} from '../../src/calendar';

// England and Wales bank holidays 2018-2027 as published on gov.uk (weekday dates only: gov.uk
// lists the substitute Monday/Tuesday, not the Saturday/Sunday it replaces). Moved/one-off days:
// 2020-05-08 (VE Day, replaced 05-04), 2022-06-02/03 (Jubilee; spring holiday moved from 05-30),
// 2022-09-19 (State Funeral), 2023-05-08 (Coronation). Cross-checked against date-holidays 3.37.
const BANK_HOLIDAYS: Record<number, string[]> = {
  2018: [
    '2018-01-01',
    '2018-03-30',
    '2018-04-02',
    '2018-05-07',
    '2018-05-28',
    '2018-08-27',
    '2018-12-25',
    '2018-12-26',
  ],
  2019: [
    '2019-01-01',
    '2019-04-19',
    '2019-04-22',
    '2019-05-06',
    '2019-05-27',
    '2019-08-26',
    '2019-12-25',
    '2019-12-26',
  ],
  2020: [
    '2020-01-01',
    '2020-04-10',
    '2020-04-13',
    '2020-05-08',
    '2020-05-25',
    '2020-08-31',
    '2020-12-25',
    '2020-12-28',
  ],
  2021: [
    '2021-01-01',
    '2021-04-02',
    '2021-04-05',
    '2021-05-03',
    '2021-05-31',
    '2021-08-30',
    '2021-12-27',
    '2021-12-28',
  ],
  2022: [
    '2022-01-03',
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02',
    '2022-06-03',
    '2022-08-29',
    '2022-09-19',
    '2022-12-26',
    '2022-12-27',
  ],
  2023: [
    '2023-01-02',
    '2023-04-07',
    '2023-04-10',
    '2023-05-01',
    '2023-05-08',
    '2023-05-29',
    '2023-08-28',
    '2023-12-25',
    '2023-12-26',
  ],
  2024: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
  ],
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
};

const daysOfYear = (year: number): string[] => {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addCalendarDays(d, 1)) out.push(d);
  return out;
};

// Dates 2018-01-01..2027-12-31 (3652 days).
const dateArb = fc.integer({ min: 0, max: 3651 }).map((k) => addCalendarDays('2018-01-01', k));
const nArb = fc.integer({ min: 0, max: 60 });

describe('bank holidays', () => {
  it.each(Object.keys(BANK_HOLIDAYS).map(Number))('%i: exactly the published list', (year) => {
    expect(daysOfYear(year).filter(isBankHoliday)).toEqual(BANK_HOLIDAYS[year]);
    for (const d of BANK_HOLIDAYS[year]) {
      expect(isWeekend(d)).toBe(false);
      expect(isWorkingDay(d)).toBe(false);
    }
  });

  it('normal dates of moved holidays are ordinary working days', () => {
    expect(isWorkingDay('2020-05-04')).toBe(true); // early May moved to VE Day
    expect(isWorkingDay('2022-05-30')).toBe(true); // spring holiday moved to 2 June
  });

  it('weekend holiday dates are non-working but not reported as bank holidays', () => {
    for (const d of [
      '2020-12-26',
      '2021-12-25',
      '2022-01-01',
      '2022-12-25',
      '2023-01-01',
      '2026-12-26',
      '2027-12-25',
    ]) {
      expect(isBankHoliday(d)).toBe(false);
      expect(isWorkingDay(d)).toBe(false);
    }
  });
});

describe('date helpers', () => {
  it('validates strict YYYY-MM-DD real dates', () => {
    for (const ok of ['2026-01-01', '2024-02-29', '2000-02-29', '2026-12-31']) expect(isValidIsoDate(ok)).toBe(true);
    const bad = [
      '2026-02-30',
      '2025-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-1-01',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      '20260101',
      '',
      null,
      20260101,
      undefined,
    ];
    for (const b of bad) expect(isValidIsoDate(b)).toBe(false);
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('weekday, compare, min and max', () => {
    expect(dayOfWeek('2026-03-06')).toBe(5); // Friday
    expect(dayOfWeek('2026-03-08')).toBe(0); // Sunday
    expect([isWeekend('2026-03-07'), isWeekend('2026-03-09')]).toEqual([true, false]);
    expect(compareDates('2026-01-02', '2026-01-10')).toBe(-1);
    expect(compareDates('2026-01-10', '2026-01-10')).toBe(0);
    expect(minDate('2026-05-01', '2026-04-30', '2027-01-01')).toBe('2026-04-30');
    expect(maxDate('2026-05-01', '2026-04-30', '2027-01-01')).toBe('2027-01-01');
  });

  it('addCalendarDays crosses months, years and leap days', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-03-29', 1)).toBe('2026-03-30'); // DST change day: no 23-hour drift
  });

  it('addCalendarMonths clamps to month end', () => {
    expect(addCalendarMonths('2026-01-31', 3)).toBe('2026-04-30');
    expect(addCalendarMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addCalendarMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addCalendarMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addCalendarMonths('2026-10-31', -1)).toBe('2026-09-30');
    expect(addCalendarMonths('2026-05-15', -5)).toBe('2025-12-15');
    expect(addCalendarMonths('2026-05-15', 0)).toBe('2026-05-15');
  });

  it('addCalendarDays agrees with Date.UTC arithmetic', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -4000, max: 4000 }), (d, k) => {
        const expected = new Date(Date.parse(`${d}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);
        expect(addCalendarDays(d, k)).toBe(expected);
      }),
    );
  });
});

describe('addWorkingDays golden cases', () => {
  it.each([
    // Fri 18 Dec 2026: Mon 21-Thu 24 are 1-4; Fri 25 Christmas, Mon 28 Boxing Day substitute; Tue 29 is 5.
    ['2026-12-18', 5, '2026-12-29'],
    // Thu 24 Dec 2027: Sat 25/Sun 26 with substitutes Mon 27 and Tue 28, so next is Wed 29.
    ['2027-12-24', 1, '2027-12-29'],
    // Mon 30 Mar 2026: 31 Mar-2 Apr are 1-3; Good Friday 3 and Easter Monday 6 skipped; 7-10 are 4-7; 13-15 are 8-10.
    ['2026-03-30', 10, '2026-04-15'],
    ['2026-04-02', 1, '2026-04-07'], // Thursday before Easter -> Tuesday after
    // Tue 31 May 2022: Wed 1 Jun is 1; Thu 2/Fri 3 Jubilee holidays; Mon 6 is 2, Tue 7 is 3.
    ['2022-05-31', 3, '2022-06-07'],
    ['2020-05-07', 1, '2020-05-11'], // VE Day Friday 8 May 2020
    ['2022-09-16', 1, '2022-09-20'], // State Funeral Monday 19 Sep 2022
    ['2023-05-05', 1, '2023-05-09'], // Coronation Monday 8 May 2023
    ['2026-03-06', 1, '2026-03-09'], // Friday + 1 = Monday
    ['2026-03-07', 1, '2026-03-09'], // Saturday + 1 = Monday
    ['2026-03-08', 1, '2026-03-09'], // Sunday + 1 = Monday
    ['2026-05-23', 1, '2026-05-26'], // Saturday before spring bank holiday -> Tuesday
    ['2026-03-07', 0, '2026-03-07'], // n = 0 is identity even on a weekend
    ['2026-12-29', -5, '2026-12-18'], // negative n walks back over the same holidays
    ['2026-03-09', -1, '2026-03-06'],
    ['2026-03-08', -1, '2026-03-06'],
  ])('addWorkingDays(%s, %i) = %s', (d, n, expected) => {
    expect(ew.addWorkingDays(d, n)).toBe(expected);
  });

  it('honours closure days without affecting other calendars', () => {
    const cal = new WorkingCalendar(['2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31', '2026-12-26']);
    // 21-23 are 1-3; 24 closed; 25 and 28 bank holidays; 29-31 closed; 1 Jan holiday; Mon 4 and Tue 5 Jan.
    expect(cal.addWorkingDays('2026-12-18', 5)).toBe('2027-01-05');
    expect(cal.workingDaysBetween('2026-12-18', '2027-01-05')).toBe(5);
    expect(cal.isWorkingDay('2026-12-24')).toBe(false);
    expect(ew.isWorkingDay('2026-12-24')).toBe(true);
    expect(ew.addWorkingDays('2026-12-18', 5)).toBe('2026-12-29');
    expect(() => new WorkingCalendar(['2026-02-30'])).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  const naive = (cal: WorkingCalendar, a: string, b: string): number => {
    let n = 0;
    for (let d = addCalendarDays(a, 1); compareDates(d, b) <= 0; d = addCalendarDays(d, 1))
      if (cal.isWorkingDay(d)) n++;
    return n;
  };

  it('golden values', () => {
    expect(ew.workingDaysBetween('2026-12-18', '2026-12-29')).toBe(5);
    expect(ew.workingDaysBetween('2026-12-29', '2026-12-18')).toBe(-5);
    expect(ew.workingDaysBetween('2026-12-18', '2026-12-18')).toBe(0);
    expect(ew.workingDaysBetween('2026-03-07', '2026-03-08')).toBe(0);
    // Backwards over a span with no working day is 0, not -0 (found by the property below).
    expect(ew.workingDaysBetween('2027-12-25', '2027-12-24')).toBe(0);
    // 2026: 261 weekdays; (1 Jan, 31 Dec] drops Thu 1 Jan, then the 7 remaining bank holidays.
    expect(ew.workingDaysBetween('2026-01-01', '2026-12-31')).toBe(253);
  });

  it('matches a day-by-day count over the whole decade, with closures', () => {
    const cal = new WorkingCalendar(['2019-12-24', '2024-12-24', '2025-12-27', '2026-04-03']);
    expect(cal.workingDaysBetween('2018-01-01', '2027-12-31')).toBe(naive(cal, '2018-01-01', '2027-12-31'));
    expect(ew.workingDaysBetween('2018-01-01', '2027-12-31')).toBe(naive(ew, '2018-01-01', '2027-12-31'));
  });

  it('matches a day-by-day count for random spans and is antisymmetric', () => {
    const cal = new WorkingCalendar(['2021-06-01', '2023-12-22']);
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        const [lo, hi] = compareDates(a, b) <= 0 ? [a, b] : [b, a];
        expect(cal.workingDaysBetween(lo, hi)).toBe(naive(cal, lo, hi));
        expect(cal.workingDaysBetween(hi, lo)).toBe(0 - cal.workingDaysBetween(lo, hi) || 0);
      }),
      { numRuns: 50 },
    );
  });
});

describe('addWorkingDays properties (2018-2027, n and m in 0..60)', () => {
  it('never lands on a non-working day for n >= 1', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 60 }), (d, n) => {
        const r = ew.addWorkingDays(d, n);
        expect(ew.isWorkingDay(r)).toBe(true);
        expect(compareDates(r, d)).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('is additive: add(add(d, n), m) = add(d, n + m)', () => {
    fc.assert(
      fc.property(dateArb, nArb, nArb, (d, n, m) => {
        expect(ew.addWorkingDays(ew.addWorkingDays(d, n), m)).toBe(ew.addWorkingDays(d, n + m));
      }),
      { numRuns: 500 },
    );
  });

  it('is inverted by workingDaysBetween', () => {
    fc.assert(
      fc.property(dateArb, nArb, (d, n) => {
        expect(ew.workingDaysBetween(d, ew.addWorkingDays(d, n))).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('negative n undoes positive n from a working day', () => {
    fc.assert(
      fc.property(dateArb, nArb, (d, n) => {
        fc.pre(ew.isWorkingDay(d));
        expect(ew.addWorkingDays(ew.addWorkingDays(d, n), -n)).toBe(d);
      }),
    );
  });
});

describe('londonDate', () => {
  it.each([
    ['2026-03-28T23:30:00Z', '2026-03-28'], // GMT
    ['2026-03-29T00:30:00Z', '2026-03-29'], // 00:30 GMT, half an hour before clocks go forward
    ['2026-03-29T01:30:00Z', '2026-03-29'], // 02:30 BST
    ['2026-06-30T23:30:00Z', '2026-07-01'], // BST evening: already tomorrow in London
    ['2026-10-24T23:30:00Z', '2026-10-25'], // 00:30 BST
    ['2026-10-25T00:30:00Z', '2026-10-25'], // 01:30 BST, before the clocks go back
    ['2026-10-25T01:30:00Z', '2026-10-25'], // 01:30 GMT, after
    ['2026-10-25T23:30:00Z', '2026-10-25'], // 23:30 GMT
    ['2026-12-31T23:59:59Z', '2026-12-31'],
  ])('%s is %s in London', (instant, expected) => {
    expect(londonDate(new Date(instant))).toBe(expected);
  });

  it('rejects an invalid Date', () => {
    expect(() => londonDate(new Date('nope'))).toThrow(RangeError);
  });
});
