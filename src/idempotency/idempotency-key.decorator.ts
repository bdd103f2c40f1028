import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

/** The request's Idempotency-Key header, if any. */
export const IdempotencyKeyHeader = createParamDecorator((_: unknown, context: ExecutionContext): string | null => {
  const headers = GqlExecutionContext.create(context).getContext<{ req?: { headers?: Record<string, unknown> } }>().req
    ?.headers;
  const value = headers?.['idempotency-key'];
  return typeof value === 'string' ? value : null;
});
