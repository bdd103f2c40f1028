import Holidays from 'date-holidays';

/** A calendar date, `YYYY-MM-DD`. Never an instant: no time zone can shift it. */
export type IsoDate = string;

// Internally a date is an integer day number (days since 1970-01-01), so all arithmetic is
// integer arithmetic and only UTC getters/setters ever touch a Date object.
const MS_PER_DAY = 86_400_000;
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function dayNumberOf(year: number, month: number, day: number): number {
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0..99 onto 1900..1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

function parts(date: IsoDate): [number, number, number] {
  const m = typeof date === 'string' ? ISO_PATTERN.exec(date) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return [y, mo, d];
  }
  throw new RangeError(`Not a valid calendar date (YYYY-MM-DD): ${String(date)}`);
}

function toDayNumber(date: IsoDate): number {
  return dayNumberOf(...parts(date));
}

function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * MS_PER_DAY);
  const pad = (v: number, w: number) => String(v).padStart(w, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function yearOf(n: number): number {
  return new Date(n * MS_PER_DAY).getUTCFullYear();
}

// 1970-01-01 (day 0) was a Thursday; 0 = Sunday .. 6 = Saturday, as Date#getUTCDay.
function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isWeekendNumber(n: number): boolean {
  const w = weekdayOf(n);
  return w === 0 || w === 6;
}

// Weekdays among all days numbered <= n, relative to Monday 1970-01-05 (day 4); only
// differences of this are meaningful, so the arbitrary origin cancels out.
function weekdaysUpTo(n: number): number {
  const k = n - 4;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7 + 1, 5);
}

// --- England and Wales bank holidays, cached per year -------------------------------------

let holidaysLib: Holidays | undefined;
const bankHolidayCache = new Map<number, Set<number>>();

/**
 * Weekday bank holidays of one year. date-holidays also reports e.g. Saturday 2020-12-26 as
 * "public" alongside its Monday substitute; gov.uk lists only the substitute, and a weekend day
 * is not a working day anyway, so weekend entries are dropped.
 */
function bankHolidaysOf(year: number): Set<number> {
  let set = bankHolidayCache.get(year);
  if (!set) {
    holidaysLib ??= new Holidays('GB', 'ENG');
    set = new Set<number>();
    for (const h of holidaysLib.getHolidays(year)) {
      if (h.type !== 'public') continue;
      // `date` is the local calendar date ("YYYY-MM-DD 00:00:00"); `start` is an instant, unused.
      const n = toDayNumber(h.date.slice(0, 10));
      if (!isWeekendNumber(n)) set.add(n);
    }
    bankHolidayCache.set(year, set);
  }
  return set;
}

function isBankHolidayNumber(n: number): boolean {
  return bankHolidaysOf(yearOf(n)).has(n);
}

// --- Module-level pure helpers ------------------------------------------------------------

export function isValidIsoDate(s: unknown): s is IsoDate {
  try {
    parts(s as string);
    return true;
  } catch {
    return false;
  }
}

/** -1, 0 or 1; usable directly as an Array#sort comparator. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  const d = toDayNumber(a) - toDayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function minDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((m, d) => (compareDates(d, m) < 0 ? d : m), first);
}

export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((m, d) => (compareDates(d, m) > 0 ? d : m), first);
}

/** 0 = Sunday .. 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return weekdayOf(toDayNumber(date));
}

export function isWeekend(date: IsoDate): boolean {
  return isWeekendNumber(toDayNumber(date));
}

/** A weekday England and Wales bank holiday, as published on gov.uk (substitute days included). */
export function isBankHoliday(date: IsoDate): boolean {
  return isBankHolidayNumber(toDayNumber(date));
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  assertInteger(days, 'days');
  return fromDayNumber(toDayNumber(date) + days);
}

/** Same day-of-month n months on, clamped to month end: 2026-01-31 + 3 = 2026-04-30. */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  assertInteger(months, 'months');
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return fromDayNumber(dayNumberOf(year, month, Math.min(d, daysInMonth(year, month))));
}

function assertInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}

// --- Working calendar ---------------------------------------------------------------------

/** Monday to Friday, less England and Wales bank holidays and the authority's closure days. */
export class WorkingCalendar {
  private readonly closures: ReadonlySet<number>;
  // Closure days that would otherwise be working days, for counting in workingDaysBetween.
  private readonly extraClosures: readonly number[];

  constructor(closureDays: readonly IsoDate[] = []) {
    const nums = closureDays.map(toDayNumber);
    this.closures = new Set(nums);
    this.extraClosures = [...this.closures]
      .filter((n) => !isWeekendNumber(n) && !isBankHolidayNumber(n))
      .sort((a, b) => a - b);
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.isWorkingNumber(toDayNumber(date));
  }

  /**
   * The n-th working day after `date` (before it when n < 0); `date` itself never counts.
   * n = 0 returns `date` unchanged, even when it is not a working day.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    assertInteger(n, 'n');
    let day = toDayNumber(date);
    const step = n < 0 ? -1 : 1;
    for (let remaining = Math.abs(n); remaining > 0;) {
      day += step;
      if (this.isWorkingNumber(day)) remaining--;
    }
    return n === 0 ? date : fromDayNumber(day);
  }

  /** Working days in (from, to]; negative when to < from. Week arithmetic, not a day loop. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const a = toDayNumber(from);
    const b = toDayNumber(to);
    // `0 - n`, not `-n`: no -0 when the span holds no working day (a -0 is unequal under Object.is).
    if (b < a) return 0 - this.workingDaysBetween(to, from);
    let count = weekdaysUpTo(b) - weekdaysUpTo(a);
    for (let y = yearOf(a); y <= yearOf(b); y++) {
      for (const h of bankHolidaysOf(y)) if (h > a && h <= b) count--;
    }
    for (const c of this.extraClosures) if (c > a && c <= b) count--;
    return count;
  }

  private isWorkingNumber(n: number): boolean {
    return !isWeekendNumber(n) && !isBankHolidayNumber(n) && !this.closures.has(n);
  }
}

/** For callers with no closure days of their own. */
export const englandAndWales = new WorkingCalendar();

export function isWorkingDay(date: IsoDate): boolean {
  return englandAndWales.isWorkingDay(date);
}
