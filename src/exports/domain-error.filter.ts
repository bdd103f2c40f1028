import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '../common/errors';

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, INVALID_TRANSITION: 409, CONFLICT: 409, INTERNAL_SERVER_ERROR: 500,
};

/**
 * The HTTP face of CONTRACT.md's errors for the export routes: the same codes as GraphQL, as a
 * status and a JSON body. Anything unexpected is a 500 with a correlation id only.
 */
@Catch()
export class DomainErrorHttpFilter implements ExceptionFilter {
  private readonly log = new Logger('Exports');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    if (error instanceof DomainError) {
      void reply.status(STATUS[error.code]).send({ code: error.code, message: error.message, ...error.extensions });
      return;
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      void reply.status(error.getStatus()).send({ code: error.getStatus() === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT', message: error.message });
      return;
    }
    const correlationId = randomUUID();
    this.log.error({ err: error, correlationId }, 'export failed');
    void reply.status(500).send({ code: 'INTERNAL_SERVER_ERROR', correlationId });
  }
}
