import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { transformFileSync } from '@swc/core';
import fc from 'fast-check';
import {
  addCalendarDays,
  englandAndWales as ew,
  escalationResponseDueBy,
  firstCoreGroupDueBy,
  firstReviewDueBy,
  inquorateConferenceResetBy,
  initialConferenceDueBy,
  laterReviewDueBy,
  nextCoreGroupDueBy,
  transferInConferenceDueBy,
  WorkingCalendar,
} from '../../src/calendar';

describe('working-day timescales', () => {
  it('initial conference: 15 working days after the strategy discussion', () => {
    // Fri 18 Dec 2026: 21-24 Dec (4), 29-31 Dec (7; 25 and 28 are holidays), 4-8 Jan (12), 11-13 Jan (15).
    expect(initialConferenceDueBy(ew, '2026-12-18')).toBe('2027-01-13');
    // Mon 23 Mar 2026: 24-27 (4), 30 Mar-2 Apr (8), Easter 3 and 6 Apr skipped, 7-10 (12), 13-15 (15).
    expect(initialConferenceDueBy(ew, '2026-03-23')).toBe('2026-04-15');
  });

  it('transfer-in conference: 15 working days after notification', () => {
    expect(transferInConferenceDueBy(ew, '2026-12-18')).toBe('2027-01-13');
    expect(transferInConferenceDueBy(ew, '2026-03-07')).toBe('2026-03-27'); // Saturday: Mon 9 is day 1
  });

  it('first core group and inquorate reset: 10 working days', () => {
    // 21-24 Dec (4), 29-31 Dec (7), 4-6 Jan (10).
    expect(firstCoreGroupDueBy(ew, '2026-12-18')).toBe('2027-01-06');
    expect(inquorateConferenceResetBy(ew, '2026-12-18')).toBe('2027-01-06');
    // Tue 31 May 2022: 1 Jun (1), Jubilee 2-3 Jun skipped, 6-10 Jun (6), 13-16 Jun (10).
    expect(firstCoreGroupDueBy(ew, '2022-05-31')).toBe('2022-06-16');
  });

  it('escalation response: 5 working days by default, configurable', () => {
    // Wed 23 Dec 2026: 24 (1), 29-31 (4), Mon 4 Jan (5).
    expect(escalationResponseDueBy(ew, '2026-12-23')).toBe('2027-01-04');
    expect(escalationResponseDueBy(ew, '2026-12-23', 3)).toBe('2026-12-30');
    expect(escalationResponseDueBy(ew, '2026-12-23', 0)).toBe('2026-12-23');
    expect(() => escalationResponseDueBy(ew, '2026-12-23', -1)).toThrow(RangeError);
    expect(() => escalationResponseDueBy(ew, '2026-12-23', 1.5)).toThrow(RangeError);
  });

  it('uses the given calendar, so closure days push deadlines out', () => {
    const cal = new WorkingCalendar(['2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31']);
    // 21-23 Dec (3), then nothing until 4 Jan: 4-8 Jan (8), 11-12 Jan (10).
    expect(firstCoreGroupDueBy(cal, '2026-12-18')).toBe('2027-01-12');
    expect(escalationResponseDueBy(cal, '2026-12-23')).toBe('2027-01-08');
  });
});

describe('calendar timescales', () => {
  it('next core group: interval weeks later, 4 by default', () => {
    expect(nextCoreGroupDueBy('2026-12-18')).toBe('2027-01-15');
    expect(nextCoreGroupDueBy('2026-12-18', 6)).toBe('2027-01-29');
    expect(nextCoreGroupDueBy('2026-03-20')).toBe('2026-04-17'); // across the March DST change
    expect(() => nextCoreGroupDueBy('2026-12-18', 0)).toThrow(RangeError);
  });

  it('later reviews: 6 calendar months, clamped to month end', () => {
    expect(laterReviewDueBy('2026-08-31')).toBe('2027-02-28');
    expect(laterReviewDueBy('2027-08-31')).toBe('2028-02-29');
    expect(laterReviewDueBy('2026-05-14')).toBe('2026-11-14');
  });

  describe('first review', () => {
    it('is 3 calendar months after the ICPC for a born child', () => {
      expect(firstReviewDueBy(ew, { heldOn: '2026-01-31' })).toBe('2026-04-30');
      expect(firstReviewDueBy(ew, { heldOn: '2026-03-23', unbornAtConference: false })).toBe('2026-06-23');
      // A date of birth is irrelevant unless the ICPC was a pre-birth conference.
      expect(firstReviewDueBy(ew, { heldOn: '2026-01-31', dateOfBirth: '2020-01-01' })).toBe('2026-04-30');
    });

    it('is 3 months for an unborn child not yet born', () => {
      expect(firstReviewDueBy(ew, { heldOn: '2026-01-31', unbornAtConference: true })).toBe('2026-04-30');
      expect(firstReviewDueBy(ew, { heldOn: '2026-01-31', unbornAtConference: true, dateOfBirth: null })).toBe(
        '2026-04-30',
      );
    });

    it('is the sooner of ICPC + 3 months and birth + 10 working days once born', () => {
      // Born Tue 10 Feb 2026: 11-13 (3), 16-20 (8), 23-24 (10) -> 24 Feb, before 30 Apr.
      expect(firstReviewDueBy(ew, { heldOn: '2026-01-31', unbornAtConference: true, dateOfBirth: '2026-02-10' })).toBe(
        '2026-02-24',
      );
      // Born Mon 27 Apr 2026: birth + 10 is 12 May (4 May holiday), later than 30 Apr, so 30 Apr.
      expect(firstReviewDueBy(ew, { heldOn: '2026-01-31', unbornAtConference: true, dateOfBirth: '2026-04-27' })).toBe(
        '2026-04-30',
      );
      // Born on the day of the ICPC, Mon 23 Mar 2026: 24-27 (4), 30 Mar-2 Apr (8), Easter, 7-8 Apr (10).
      expect(firstReviewDueBy(ew, { heldOn: '2026-03-23', unbornAtConference: true, dateOfBirth: '2026-03-23' })).toBe(
        '2026-04-08',
      );
    });

    it('rejects a birth before a pre-birth conference', () => {
      expect(() =>
        firstReviewDueBy(ew, { heldOn: '2026-03-23', unbornAtConference: true, dateOfBirth: '2026-03-20' }),
      ).toThrow(RangeError);
    });

    it('is never later than ICPC + 3 months', () => {
      const dateArb = fc.integer({ min: 0, max: 3500 }).map((k) => addCalendarDays('2018-01-01', k));
      fc.assert(
        fc.property(dateArb, fc.integer({ min: 0, max: 150 }), (heldOn, gap) => {
          const dob = addCalendarDays(heldOn, gap);
          const due = firstReviewDueBy(ew, { heldOn, unbornAtConference: true, dateOfBirth: dob });
          expect(due <= firstReviewDueBy(ew, { heldOn })).toBe(true);
          expect(due <= ew.addWorkingDays(dob, 10)).toBe(true);
        }),
      );
    });
  });
});

describe('process time zone independence', () => {
  // Compile the calendar to CommonJS and run the same computations in child processes whose TZ
  // ranges from UTC-11 to UTC+14 (and London); every string must be identical.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'calendar-tz-'));
    for (const f of ['index', 'working-calendar', 'timescales', 'london-date']) {
      const { code } = transformFileSync(resolve(__dirname, '../../src/calendar', `${f}.ts`), {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        swcrc: false,
      });
      writeFileSync(join(dir, `${f}.js`), code);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const script = `
    const c = require('./index.js');
    const ew = c.englandAndWales;
    const out = [];
    for (const d of ['2026-03-27', '2026-03-28', '2026-03-29', '2026-10-23', '2026-10-25', '2026-12-18', '2027-12-24']) {
      out.push(c.initialConferenceDueBy(ew, d), c.firstCoreGroupDueBy(ew, d), c.nextCoreGroupDueBy(d),
        c.laterReviewDueBy(d), c.firstReviewDueBy(ew, { heldOn: d, unbornAtConference: true, dateOfBirth: c.addCalendarDays(d, 3) }),
        ew.workingDaysBetween(d, '2027-06-30'), c.isBankHoliday(d), c.dayOfWeek(d), c.addCalendarMonths(d, 5));
    }
    for (const y of [2020, 2022, 2026, 2027]) {
      for (let d = y + '-01-01'; d.startsWith(String(y)); d = c.addCalendarDays(d, 1)) if (c.isBankHoliday(d)) out.push(d);
    }
    out.push(c.londonDate(new Date('2026-06-30T23:30:00Z')), c.londonDate(new Date('2026-10-25T23:30:00Z')));
    process.stdout.write(JSON.stringify(out));
  `;
  const run = (tz: string): string[] =>
    JSON.parse(
      execFileSync(process.execPath, ['-e', script], {
        cwd: dir,
        env: { ...process.env, TZ: tz, NODE_PATH: resolve(__dirname, '../../node_modules') },
        encoding: 'utf8',
      }),
    );

  it('gives identical results in every TZ', () => {
    const reference = run('UTC');
    expect(reference).toContain('2027-01-13');
    expect(reference).toContain('2022-09-19');
    for (const tz of [
      'Europe/London',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'America/Los_Angeles',
      'Asia/Kolkata',
    ]) {
      expect(run(tz)).toEqual(reference);
    }
  });
});
