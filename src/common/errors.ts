import { IntrinsicException } from '@nestjs/common';

/** The error codes of CONTRACT.md; every GraphQL error carries exactly one in extensions.code. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'INVALID_TRANSITION',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A failure the client can act on. Anything else is mapped to INTERNAL_SERVER_ERROR. Intrinsic:
 * Nest does not log it as an error, since it is an expected answer, not a fault.
 */
export class DomainError extends IntrinsicException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const unauthenticated = (message = 'A valid bearer token is required') =>
  new DomainError('UNAUTHENTICATED', message);

export const forbidden = (message = 'You are not allowed to do this') => new DomainError('FORBIDDEN', message);

export const notFound = (entity: string, id?: string) =>
  new DomainError('NOT_FOUND', id ? `${entity} ${id} was not found` : `${entity} was not found`);

/** An id in the input that names no record of the caller's authority (another authority's included). */
export const notFoundField = (field: string, entity: string) =>
  new DomainError('NOT_FOUND', `${field}: no such ${entity} in your authority`, {
    fields: [{ field, message: `is not a ${entity} of your authority` }],
  });

export const badInput = (fields: FieldProblem[], message = 'The input is not valid') =>
  new DomainError('BAD_USER_INPUT', `${message}: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, {
    fields,
  });

export const badField = (field: string, message: string) => badInput([{ field, message }]);

export const invalidTransition = (from: string, operation: string, entity?: string) =>
  new DomainError('INVALID_TRANSITION', `${entity ?? 'The record'} is ${from}: ${operation} is not allowed`, {
    from,
    operation,
  });

export const conflict = (
  message = 'The record was changed by someone else; reload and try again',
  extensions: Record<string, unknown> = {},
) => new DomainError('CONFLICT', message, extensions);

/** The caller sent too much at once; `retryAfter` is in seconds (CONTRACT.md). */
export const rateLimited = (message: string, retryAfter: number) =>
  new DomainError('RATE_LIMITED', message, { retryAfter });
