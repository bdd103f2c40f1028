import { plainToInstance, Transform } from 'class-transformer';
import { loadPreviousKeys, loadSigningKey } from './audit-key-config';
import { isValidIsoDate } from '../calendar/working-calendar';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';

const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const blankToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

// Whole decimal numbers only: Number() would also take '0x50', '1e3' or ' '.
const wholeNumber =
  (fallback: number) =>
  ({ value }: { value: unknown }) =>
    value === undefined || value === ''
      ? fallback
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : typeof value === 'number'
          ? value
          : NaN;

// A duration in whole seconds: '3600', '45s', '30m', '12h', '1d'.
const durationSeconds = (value: unknown, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'number') return value;
  const match = typeof value === 'string' ? /^\s*(\d+)\s*([smhd]?)\s*$/.exec(value) : null;
  if (!match) return NaN;
  return Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
};

// Any libpq URL, including a Unix socket (postgres:///db?host=/var/run/postgresql) and host names
// with underscores (Docker Compose services), which a web-URL check refuses.
const isPostgresUrl = (value: unknown): boolean => {
  if (typeof value !== 'string' || !/^postgres(ql)?:\/\/[^\s]*$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
};
const IsPostgresUrl = (message: string) =>
  ValidateBy({ name: 'isPostgresUrl', validator: { validate: isPostgresUrl, defaultMessage: () => message } });

/** The service's environment (CONTRACT.md, "Configuration"). Validated once at start. */
export class Env {
  @Transform(blankToUndefined)
  @IsOptional()
  @IsPostgresUrl('DATABASE_URL must be a postgres:// or postgresql:// URL (or unset for the embedded PostgreSQL)')
  DATABASE_URL?: string;

  @Transform(wholeNumber(3000))
  @IsInt({ message: 'PORT must be a whole number from 0 to 65535' })
  @Min(0, { message: 'PORT must be a whole number from 0 to 65535' })
  @Max(65535, { message: 'PORT must be a whole number from 0 to 65535' })
  PORT = 3000;

  // An unset NODE_ENV is development, never production-with-leaks (CONTRACT.md).
  @Transform(({ value }) => (value === undefined || value === '' ? 'development' : value))
  @IsIn(NODE_ENVS, { message: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV: NodeEnv = 'development';

  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_tld: false }, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_DEV_SECRET must be at least 32 characters' })
  AUTH_DEV_SECRET?: string;

  // The longest a token may live (exp - iat), in seconds or as 30m / 12h / 1d. Issue 12.
  @Transform(({ value }) => durationSeconds(value, 12 * 3600))
  @IsInt({ message: 'AUTH_MAX_TOKEN_AGE must be a positive duration: seconds, or a number with s, m, h or d' })
  @Min(1, { message: 'AUTH_MAX_TOKEN_AGE must be a positive duration: seconds, or a number with s, m, h or d' })
  AUTH_MAX_TOKEN_AGE = 12 * 3600;

  // Fairness per verified subject (issue 12): requests at once, and requests a minute.
  // 4 at once, with at most 3 heavy reports each (work-budget.ts): 12 of the 20 pooled connections.
  @Transform(wholeNumber(4))
  @IsInt({ message: 'RATE_LIMIT_CONCURRENT must be a whole number, 1 or more' })
  @Min(1, { message: 'RATE_LIMIT_CONCURRENT must be a whole number, 1 or more' })
  RATE_LIMIT_CONCURRENT = 4;

  @Transform(wholeNumber(600))
  @IsInt({ message: 'RATE_LIMIT_PER_MINUTE must be a whole number, 1 or more' })
  @Min(1, { message: 'RATE_LIMIT_PER_MINUTE must be a whole number, 1 or more' })
  RATE_LIMIT_PER_MINUTE = 600;

  // The longest one SQL statement may run, in milliseconds: no request holds a connection for long.
  @Transform(wholeNumber(5000))
  @IsInt({ message: 'DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds, 100 or more' })
  @Min(100, { message: 'DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds, 100 or more' })
  DB_STATEMENT_TIMEOUT_MS = 5000;

  @Transform(({ value }) => (value === undefined || value === '' ? 'info' : value))
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be a pino level' })
  LOG_LEVEL = 'info';

  // Minutes between scheduled deadline sweeps; 0 turns the schedule off (tests drive it by hand).
  @Transform(wholeNumber(5))
  @IsInt({ message: 'SWEEP_INTERVAL_MINUTES must be a whole number of minutes, 0 or more' })
  @Min(0, { message: 'SWEEP_INTERVAL_MINUTES must be a whole number of minutes, 0 or more' })
  SWEEP_INTERVAL_MINUTES = 5;

  // Prometheus /metrics on its own listener (issue 16); unset: no listener. Never the public port.
  @Transform(({ value }) =>
    value === undefined || value === ''
      ? undefined
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : typeof value === 'number'
          ? value
          : NaN,
  )
  @IsOptional()
  @IsInt({ message: 'METRICS_PORT must be a whole number from 0 to 65535 (or unset: no metrics listener)' })
  @Min(0, { message: 'METRICS_PORT must be a whole number from 0 to 65535 (or unset: no metrics listener)' })
  @Max(65535, { message: 'METRICS_PORT must be a whole number from 0 to 65535 (or unset: no metrics listener)' })
  METRICS_PORT?: number;

  @Transform(({ value }) => (value === undefined || value === '' ? '127.0.0.1' : value))
  @IsString()
  METRICS_HOST = '127.0.0.1';

  // Email through the outbox (issue 16): smtp:// or smtps:// with credentials in the URL; unset: no email.
  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl(
    { protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true },
    { message: 'SMTP_URL must be an smtp:// or smtps:// URL (or unset: no email)' },
  )
  SMTP_URL?: string;

  @Transform(({ value }) =>
    value === undefined || value === '' ? 'Child protection workflow <no-reply@localhost>' : value,
  )
  @IsString()
  SMTP_FROM = 'Child protection workflow <no-reply@localhost>';

  // The base URL that links in emails point to (the authority's front end for this service).
  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl(
    { protocols: ['https', 'http'], require_tld: false, require_protocol: true },
    { message: 'PUBLIC_URL must be an http(s) URL' },
  )
  PUBLIC_URL?: string;

  // Email and webhook deliveries: how often to look for due ones, and the retry schedule.
  @Transform(wholeNumber(1000))
  @IsInt({ message: 'DELIVERY_POLL_MS must be a whole number of milliseconds, 0 (off) or more' })
  @Min(0, { message: 'DELIVERY_POLL_MS must be a whole number of milliseconds, 0 (off) or more' })
  DELIVERY_POLL_MS = 1000;

  @Transform(wholeNumber(30_000))
  @IsInt({ message: 'DELIVERY_RETRY_BASE_MS must be a whole number of milliseconds' })
  @Min(1, { message: 'DELIVERY_RETRY_BASE_MS must be a whole number of milliseconds' })
  DELIVERY_RETRY_BASE_MS = 30_000;

  @Transform(wholeNumber(8))
  @IsInt({ message: 'DELIVERY_MAX_ATTEMPTS must be a whole number from 1 to 50' })
  @Min(1, { message: 'DELIVERY_MAX_ATTEMPTS must be a whole number from 1 to 50' })
  @Max(50, { message: 'DELIVERY_MAX_ATTEMPTS must be a whole number from 1 to 50' })
  DELIVERY_MAX_ATTEMPTS = 8;

  @Transform(wholeNumber(10_000))
  @IsInt({ message: 'WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1, { message: 'WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds' })
  WEBHOOK_TIMEOUT_MS = 10_000;

  // Outside production only: start the service's clock on this day (demos, training, reproducing a
  // report as it was on a day). Issue 10.
  @Transform(blankToUndefined)
  @IsOptional()
  @ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (v: unknown) => isValidIsoDate(v),
      defaultMessage: () => 'CLOCK_TODAY must be a calendar date, YYYY-MM-DD',
    },
  })
  CLOCK_TODAY?: string;

  // Issue 13: the Ed25519 key that signs audit checkpoints, a PEM or the path of a file holding one.
  // Required in production; elsewhere one is generated once under ./.data.
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY?: string;

  // The public keys of retired signing keys, a JWK set (JSON or a file), still published at /audit/keys.
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_PREVIOUS_KEYS?: string;

  // Minutes between automatic signed checkpoints of every authority's audit log; 0 turns them off.
  @Transform(wholeNumber(60))
  @IsInt({ message: 'AUDIT_CHECKPOINT_MINUTES must be a whole number of minutes, 0 or more' })
  @Min(0, { message: 'AUDIT_CHECKPOINT_MINUTES must be a whole number of minutes, 0 or more' })
  AUDIT_CHECKPOINT_MINUTES = 60;
}

export class EnvValidationError extends Error {}

/** Validates the environment; throws one message naming every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const env = plainToInstance(Env, raw, { excludeExtraneousValues: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  // One message per problem: a property's constraints may share a message.
  const problems = [...new Set(errors.flatMap((e) => Object.values(e.constraints ?? {})))];
  for (const [name, load] of [
    ['AUDIT_SIGNING_KEY', loadSigningKey],
    ['AUDIT_PREVIOUS_KEYS', loadPreviousKeys],
  ] as const) {
    const value = env[name];
    if (value === undefined) continue;
    try {
      load(value);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (env.NODE_ENV === 'production') {
    if (!env.AUDIT_SIGNING_KEY) problems.push('AUDIT_SIGNING_KEY is required when NODE_ENV=production');
    if (env.AUTH_DEV_SECRET) problems.push('AUTH_DEV_SECRET is refused when NODE_ENV=production');
    if (env.CLOCK_TODAY)
      problems.push('CLOCK_TODAY is refused when NODE_ENV=production: production runs on the real date');
    for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const) {
      if (!env[name]) problems.push(`${name} is required when NODE_ENV=production`);
    }
  } else if (!env.AUTH_DEV_SECRET && !env.AUTH_JWKS_URL) {
    problems.push('AUTH_DEV_SECRET (or AUTH_JWKS_URL) is required outside production');
  }
  // Issue 16: the numbers stay off the public port, and links in emails must not point at localhost.
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT)
    problems.push('METRICS_PORT must differ from PORT: metrics are never served on the public port');
  if (env.NODE_ENV === 'production' && env.SMTP_URL && !env.PUBLIC_URL)
    problems.push('PUBLIC_URL is required with SMTP_URL when NODE_ENV=production: emails link to it');
  if (problems.length) throw new EnvValidationError(`Invalid configuration: ${problems.join('; ')}`);
  // Keep only the declared variables: the rest of process.env is not configuration.
  const clean = new Env();
  for (const key of Object.keys(clean) as (keyof Env)[]) (clean as unknown as Record<string, unknown>)[key] = env[key];
  for (const key of [
    'DATABASE_URL',
    'AUTH_ISSUER',
    'AUTH_AUDIENCE',
    'AUTH_JWKS_URL',
    'AUTH_DEV_SECRET',
    'CLOCK_TODAY',
    'METRICS_PORT',
    'SMTP_URL',
    'PUBLIC_URL',
    'AUDIT_SIGNING_KEY',
    'AUDIT_PREVIOUS_KEYS',
  ] as const) {
    (clean as unknown as Record<string, unknown>)[key] = env[key];
  }
  return clean;
}
