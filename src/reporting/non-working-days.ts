import { addCalendarDays, compareDates, isBankHoliday, isWeekend, type IsoDate } from '../calendar/working-calendar';

/**
 * The weekday bank holidays and the authority's closure days in [from, to], from the calendar
 * module (the one source of working days). SQL turns them, with weekends, into a working-day
 * calendar inside the query, so no working-day table has to be kept in step with date-holidays
 * or with an authority's closure days.
 */
export function nonWorkingWeekdays(from: IsoDate, to: IsoDate, closureDays: readonly IsoDate[]): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; compareDates(d, to) <= 0; d = addCalendarDays(d, 1)) {
    if (!isWeekend(d) && isBankHoliday(d)) out.push(d);
  }
  for (const c of closureDays) if (!isWeekend(c) && compareDates(c, from) >= 0 && compareDates(c, to) <= 0) out.push(c);
  return [...new Set(out)].sort();
}
