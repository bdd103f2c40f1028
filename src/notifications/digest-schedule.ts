import { londonDate } from '../calendar/london-date';
import { addCalendarDays, IsoDate, WorkingCalendar } from '../calendar/working-calendar';

export const DIGEST_HOUR = 8;

const londonHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

/** `hour`:00 on `day` in Europe/London as an instant (GMT or BST). */
export function londonInstant(day: IsoDate, hour: number): Date {
  const utc = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00.000Z`);
  const offsetHours = Number(londonHour.format(utc)) - hour;
  return new Date(utc - offsetHours * 3_600_000);
}

/** The next 08:00 (London) on a working day of the authority's calendar, strictly after `now`. */
export function nextDigestAt(now: Date, calendar: WorkingCalendar): Date {
  let day = londonDate(now);
  for (let i = 0; i < 60; i++, day = addCalendarDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) continue;
    const at = londonInstant(day, DIGEST_HOUR);
    if (at.getTime() > now.getTime()) return at;
  }
  throw new Error('no working day in the next 60 days');
}
