import type { IsoDate } from '../../src/calendar/working-calendar';

/**
 * The day a test run stands on (issue 10). Every test app starts its Clock on this day
 * (`CLOCK_TODAY`), and suites that build data relative to "today" use the same day:
 * - `TEST_TODAY` when set: CI runs the date-sensitive suites on several fixed days
 *   (a Sunday, a bank holiday Monday, Christmas Eve, 29 February, 31 March and 1 April);
 * - else 2026-11-26, a Thursday, the day these suites were written against.
 * Suites whose expected values belong to one particular day pass their own `CLOCK_TODAY`.
 */
export const DEFAULT_TEST_DAY: IsoDate = '2026-11-26';

export function testToday(): IsoDate {
  return process.env.TEST_TODAY || DEFAULT_TEST_DAY;
}
