import { randomUUID } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainError, ERROR_CODES, ErrorCode } from '../common/errors';

export interface ErrorLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

interface FormattedError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: Record<string, unknown> & { code: ErrorCode };
}

// "Did you mean ...?" would describe the schema to someone who may not see it.
const stripSuggestions = (message: string) => message.replace(/\s*Did you mean .*\?$/s, '');

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'BAD_USER_INPUT',
};

/**
 * The one mapping from anything thrown to a GraphQL error with a CONTRACT.md code. Unknown
 * failures become INTERNAL_SERVER_ERROR carrying only a correlation id, which is also logged
 * with the real error: no stack, SQL or path ever reaches a client.
 */
export function formatError(error: GraphQLError | Error, log: ErrorLog): FormattedError {
  const graphqlError = error instanceof GraphQLError ? error : undefined;
  const original: unknown = graphqlError ? (graphqlError.originalError ?? undefined) : error;
  const where = graphqlError ? { locations: graphqlError.locations, path: graphqlError.path } : {};

  if (original instanceof DomainError) {
    return { message: original.message, ...where, extensions: { ...original.extensions, code: original.code } };
  }
  if (original instanceof HttpException) {
    const status = original.getStatus();
    const code = HTTP_STATUS_CODES[status];
    if (code) return { message: stripSuggestions(original.message), ...where, extensions: { code } };
  }
  // A GraphQLError without an original error is a document or variable the server refused:
  // syntax, unknown field, wrong type, a guard-rail rule. The client's mistake, in the client's words.
  const ownCode = graphqlError?.extensions?.code;
  const wrappedGraphqlError = original instanceof GraphQLError ? original : undefined;
  if (graphqlError && (!original || wrappedGraphqlError)) {
    const source = wrappedGraphqlError ?? graphqlError;
    const code = (ERROR_CODES as readonly string[]).includes(String(source.extensions?.code ?? ownCode))
      ? (source.extensions?.code as ErrorCode)
      : 'BAD_USER_INPUT';
    if (code !== 'INTERNAL_SERVER_ERROR') {
      return { message: stripSuggestions(source.message), ...where, extensions: { code } };
    }
  }
  // Fastify-level client errors that reach the formatter (e.g. a body too large).
  const statusCode = (original as { statusCode?: number } | undefined)?.statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return {
      message: stripSuggestions((original as Error).message),
      ...where,
      extensions: { code: HTTP_STATUS_CODES[statusCode] ?? 'BAD_USER_INPUT' },
    };
  }
  const fromDatabase = databaseRefusal(original);
  if (fromDatabase)
    return {
      message: fromDatabase.message,
      ...where,
      extensions: { ...fromDatabase.extensions, code: fromDatabase.code },
    };
  const correlationId = randomUUID();
  log.error({ correlationId, err: original ?? error }, 'unexpected error');
  return {
    message: `Internal error. Quote reference ${correlationId} when reporting it.`,
    ...where,
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
  };
}

/**
 * PostgreSQL refusals that are the client's doing, mapped once here rather than in every query:
 * a value that is not a UUID or a date where one is needed, text with a NUL byte, or a lost race
 * with a concurrent writer. The message is ours: never the server's, which may quote SQL.
 */
export function databaseRefusal(error: unknown): DomainError | null {
  const refusal = databaseErrorCode(error);
  return refusal
    ? new DomainError(refusal.code, refusal.message, refusal.code === 'RATE_LIMITED' ? { retryAfter: 5 } : {})
    : null;
}

function databaseErrorCode(error: unknown): { code: ErrorCode; message: string } | null {
  const sqlState =
    (error as { driverError?: { code?: unknown }; code?: unknown } | undefined)?.driverError?.code ??
    (error as { code?: unknown } | undefined)?.code;
  if (typeof sqlState !== 'string' || !/^[0-9A-Z]{5}$/.test(sqlState)) return null;
  switch (sqlState) {
    case '22P02': // invalid_text_representation, e.g. an id that is not a UUID
      return { code: 'BAD_USER_INPUT', message: 'A value is not in the expected form (an id must be a UUID)' };
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
      return { code: 'BAD_USER_INPUT', message: 'A date or time is not valid' };
    case '22021': // character_not_in_repertoire (NUL bytes)
    case '22P05': // untranslatable_character
      return { code: 'BAD_USER_INPUT', message: 'Text contains characters that cannot be stored' };
    case '22001': // string_data_right_truncation
      return { code: 'BAD_USER_INPUT', message: 'A text value is too long' };
    case '57014': // query_canceled: the statement timeout cut a request that does too much at once
      return {
        code: 'RATE_LIMITED',
        message: 'The request took too long and was stopped; try a narrower one, or later',
      };
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
    case '23505': // unique_violation: a concurrent writer got there first
      return { code: 'CONFLICT', message: 'A concurrent change won; reload and try again' };
    default:
      return null;
  }
}
