import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { ErrorCode } from '../common/errors';
import { formatError } from './error-formatter';

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * The HTTP face of CONTRACT.md's errors for the export routes: the one error mapping
 * (formatError) decides the code, and the code decides the status. Anything unexpected is a 500
 * with a correlation id only, logged with the real error.
 */
@Catch()
export class DomainErrorHttpFilter implements ExceptionFilter {
  private readonly log = new Logger('Exports');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    const { message, extensions } = formatError(error instanceof Error ? error : new Error(String(error)), {
      error: (obj, msg) => this.log.error({ ...obj, msg }),
      warn: (obj, msg) => this.log.warn({ ...obj, msg }),
    });
    const { code, ...rest } = extensions;
    if (code === 'RATE_LIMITED') void reply.header('retry-after', String(rest.retryAfter));
    void reply
      .status(STATUS[code])
      .send(
        code === 'INTERNAL_SERVER_ERROR' ? { code, correlationId: rest.correlationId } : { code, message, ...rest },
      );
  }
}
