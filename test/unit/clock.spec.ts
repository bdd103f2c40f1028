import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { Clock } from '../../src/clock/clock';
import { addCalendarDays, isValidIsoDate } from '../../src/calendar/working-calendar';
import { EnvValidationError, validateEnv } from '../../src/config/env';

const DEV = { NODE_ENV: 'development', AUTH_DEV_SECRET: 'x'.repeat(32) };
const PROD = {
  NODE_ENV: 'production',
  AUTH_ISSUER: 'https://idp.example',
  AUTH_AUDIENCE: 'cpw',
  AUTH_JWKS_URL: 'https://idp.example/jwks',
  AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
};

describe('Clock', () => {
  it.each([
    '2026-11-29', // a Sunday
    '2026-08-31', // the summer bank holiday Monday
    '2026-12-24', // Christmas Eve
    '2028-02-29', // a leap day
    '2027-03-31', // the census year end
    '2027-04-01',
    '2026-03-29', // the day the clocks go forward
    '2026-10-25', // the day they go back
  ])('started on %s, today() is that day in London', (day) => {
    expect(Clock.startingOn(day).today()).toBe(day);
  });

  it('today() is the London date of now(), for any start day from 1990 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (n) => {
        const day = addCalendarDays('1990-01-01', n);
        const clock = Clock.startingOn(day);
        expect(clock.today()).toBe(day);
        expect(clock.isFixed).toBe(true);
      }),
    );
  });

  it('keeps running from the day it starts on, so timestamps still advance', async () => {
    const clock = Clock.startingOn('2026-11-29');
    const first = clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(clock.now().getTime()).toBeGreaterThan(first);
    expect(new Date(first).toISOString().startsWith('2026-11-29T12:00')).toBe(true);
  });

  it('can be moved to another day (tests that let time pass), and refuses a non-date', () => {
    const clock = Clock.startingOn('2026-11-29');
    clock.setToday('2027-01-04');
    expect(clock.today()).toBe('2027-01-04');
    expect(() => clock.setToday('2027-02-30')).toThrow(RangeError);
    expect(clock.today()).toBe('2027-01-04');
  });

  it('follows the wall clock when no day is given', () => {
    const clock = Clock.fromEnv({});
    expect(clock.isFixed).toBe(false);
    expect(isValidIsoDate(clock.today())).toBe(true);
    expect(Math.abs(clock.now().getTime() - performance.timeOrigin - performance.now())).toBeLessThan(1_000);
    expect(Clock.fromEnv({ CLOCK_TODAY: '2028-02-29' }).today()).toBe('2028-02-29');
  });
});

describe('CLOCK_TODAY', () => {
  it('starts the service on a fixed date outside production', () => {
    expect(validateEnv({ ...DEV, CLOCK_TODAY: '2026-12-24' }).CLOCK_TODAY).toBe('2026-12-24');
    expect(validateEnv({ ...DEV, CLOCK_TODAY: '' }).CLOCK_TODAY).toBeUndefined();
  });

  it('must be a calendar date', () => {
    expect(() => validateEnv({ ...DEV, CLOCK_TODAY: '2026-02-29' })).toThrow(
      /CLOCK_TODAY must be a calendar date, YYYY-MM-DD/,
    );
    expect(() => validateEnv({ ...DEV, CLOCK_TODAY: 'tomorrow' })).toThrow(EnvValidationError);
  });

  it('is refused in production, with a message naming the variable', () => {
    expect(() => validateEnv({ ...PROD, CLOCK_TODAY: '2026-12-24' })).toThrow(
      /CLOCK_TODAY is refused when NODE_ENV=production/,
    );
    expect(validateEnv(PROD).CLOCK_TODAY).toBeUndefined();
  });
});
