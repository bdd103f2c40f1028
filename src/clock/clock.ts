import { londonDate } from '../calendar/london-date';
import { isValidIsoDate, type IsoDate } from '../calendar/working-calendar';

/**
 * The one source of "today" and "now" for the service (issue 10). Business dates come from here,
 * never from `new Date()` or `Date.now()`, so the service and its suite behave the same on a
 * Sunday, on Christmas Eve and on 29 February.
 *
 * A clock is either the system clock or one started on a given day (`CLOCK_TODAY` outside
 * production, and the tests): that day at 12:00 UTC, running on from there in real time, so
 * timestamps still advance and order within a run. `today()` is always the London date of `now()`.
 */
export class Clock {
  private offsetMs = 0;
  private fixed = false;

  private constructor(startOn?: IsoDate) {
    if (startOn !== undefined) this.setToday(startOn);
  }

  /** The real clock. */
  static system(): Clock {
    return new Clock();
  }

  /** A clock that starts on `day` (12:00 UTC, so the London date is `day` in GMT and BST alike). */
  static startingOn(day: IsoDate): Clock {
    return new Clock(day);
  }

  /** `CLOCK_TODAY` when given (validated, and refused in production, by the env schema), else the real clock. */
  static fromEnv(env: { CLOCK_TODAY?: string }): Clock {
    return env.CLOCK_TODAY ? Clock.startingOn(env.CLOCK_TODAY) : Clock.system();
  }

  /** Moves the clock to `day` at 12:00 UTC. For tests that let time pass, and for CLOCK_TODAY. */
  setToday(day: IsoDate): void {
    if (!isValidIsoDate(day)) throw new RangeError(`Clock: not a calendar date (YYYY-MM-DD): ${day}`);
    // The only wall-clock read in the service: everything else asks this clock.
    this.offsetMs = Date.parse(`${day}T12:00:00.000Z`) - Date.now();
    this.fixed = true;
  }

  /** The current instant. */
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Today's date in Europe/London (GMT or BST), whatever the process time zone. */
  today(): IsoDate {
    return londonDate(this.now());
  }

  /** True when this clock does not follow the wall clock (CLOCK_TODAY or a test). */
  get isFixed(): boolean {
    return this.fixed;
  }
}
