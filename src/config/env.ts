import { plainToInstance, Transform } from 'class-transformer';
import { loadPreviousKeys, loadSigningKey } from '../audit/audit-key-config';
import { isValidIsoDate } from '../calendar/working-calendar';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateBy, validateSync } from 'class-validator';

const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const blankToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

// Whole decimal numbers only: Number() would also take '0x50', '1e3' or ' '.
const wholeNumber = (fallback: number) => ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? fallback : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;

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
const IsPostgresUrl = (message: string) => ValidateBy({ name: 'isPostgresUrl', validator: { validate: isPostgresUrl, defaultMessage: () => message } });

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

  @Transform(({ value }) => (value === undefined || value === '' ? 'info' : value))
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be a pino level' })
  LOG_LEVEL = 'info';

  // Minutes between scheduled deadline sweeps; 0 turns the schedule off (tests drive it by hand).
  @Transform(wholeNumber(5))
  @IsInt({ message: 'SWEEP_INTERVAL_MINUTES must be a whole number of minutes, 0 or more' })
  @Min(0, { message: 'SWEEP_INTERVAL_MINUTES must be a whole number of minutes, 0 or more' })
  SWEEP_INTERVAL_MINUTES = 5;

  // Outside production only: start the service's clock on this day (demos, training, reproducing a
  // report as it was on a day). Issue 10.
  @Transform(blankToUndefined)
  @IsOptional()
  @ValidateBy({ name: 'isCalendarDate', validator: { validate: (v: unknown) => isValidIsoDate(v), defaultMessage: () => 'CLOCK_TODAY must be a calendar date, YYYY-MM-DD' } })
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
  for (const [name, load] of [['AUDIT_SIGNING_KEY', loadSigningKey], ['AUDIT_PREVIOUS_KEYS', loadPreviousKeys]] as const) {
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
    if (env.CLOCK_TODAY) problems.push('CLOCK_TODAY is refused when NODE_ENV=production: production runs on the real date');
    for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const) {
      if (!env[name]) problems.push(`${name} is required when NODE_ENV=production`);
    }
  } else if (!env.AUTH_DEV_SECRET && !env.AUTH_JWKS_URL) {
    problems.push('AUTH_DEV_SECRET (or AUTH_JWKS_URL) is required outside production');
  }
  if (problems.length) throw new EnvValidationError(`Invalid configuration: ${problems.join('; ')}`);
  // Keep only the declared variables: the rest of process.env is not configuration.
  const clean = new Env();
  for (const key of Object.keys(clean) as (keyof Env)[]) (clean as unknown as Record<string, unknown>)[key] = env[key];
  for (const key of ['DATABASE_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL', 'AUTH_DEV_SECRET', 'CLOCK_TODAY', 'AUDIT_SIGNING_KEY', 'AUDIT_PREVIOUS_KEYS'] as const) {
    (clean as unknown as Record<string, unknown>)[key] = env[key];
  }
  return clean;
}
