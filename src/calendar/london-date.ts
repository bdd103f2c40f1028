import type { IsoDate } from './working-calendar';

// One formatter for the process: constructing Intl formatters is comparatively expensive.
const londonFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Europe/London at `instant` (GMT or BST), whatever the process TZ. */
export function londonDate(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('londonDate: invalid Date');
  // formatToParts, not format(): the locale's ordering and separators are not ours to parse.
  const byType: Record<string, string> = {};
  for (const p of londonFormatter.formatToParts(instant)) byType[p.type] = p.value;
  return `${byType.year.padStart(4, '0')}-${byType.month}-${byType.day}`;
}
