import rateLimit from '@fastify/rate-limit';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Env } from '../config/env';
import { Principal } from '../auth/principal';
import { TokenVerifier } from '../auth/token-verifier';
import { rateLimited } from '../common/errors';
import { formatError } from './error-formatter';

/** A request whose token the fairness hook verified: the guard and the GraphQL context reuse it. */
export interface VerifiedRequest {
  principal?: Principal;
}

const limitedRoute = (request: FastifyRequest) => {
  const path = request.url.split('?')[0];
  if (path === '/graphql') return request.method === 'POST';
  return path.startsWith('/exports/');
};

const noLog = { error: () => undefined, warn: () => undefined };

/**
 * One subject cannot starve the rest (issue 12): each verified subject may have
 * RATE_LIMIT_CONCURRENT requests in flight and RATE_LIMIT_PER_MINUTE a minute (@fastify/rate-limit,
 * keyed on the subject, not the address, which a whole office may share). Beyond that a request is
 * refused at once, before it touches the database: HTTP 429, Retry-After, code RATE_LIMITED.
 * Requests without a valid token are keyed by address and refused later as UNAUTHENTICATED.
 */
export async function registerFairness(
  fastify: FastifyInstance,
  verifier: TokenVerifier,
  env: Pick<Env, 'RATE_LIMIT_CONCURRENT' | 'RATE_LIMIT_PER_MINUTE'>,
): Promise<void> {
  await fastify.register(rateLimit, { global: false });
  const keyOf = (request: FastifyRequest) => (request as unknown as { fairnessKey: string }).fairnessKey;
  const perMinute = fastify.createRateLimit({
    max: env.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: keyOf,
  });
  const inFlight = new Map<string, number>();

  const refuse = (request: FastifyRequest, reply: FastifyReply, message: string, retryAfter: number) => {
    const { message: text, extensions } = formatError(rateLimited(message, retryAfter), noLog);
    const graphql = request.url.split('?')[0] === '/graphql';
    return reply
      .code(429)
      .header('retry-after', String(retryAfter))
      .send(
        graphql
          ? { data: null, errors: [{ message: text, extensions }] }
          : { code: extensions.code, message: text, retryAfter },
      );
  };

  fastify.addHook('onRequest', async (request, reply) => {
    if (!limitedRoute(request)) return;
    const header = request.headers.authorization;
    let key = `address:${request.ip}`;
    try {
      const principal = await verifier.verifyBearer(Array.isArray(header) ? header[0] : header);
      (request as VerifiedRequest).principal = principal;
      key = `subject:${principal.authority}\u0000${principal.subject}`;
    } catch {
      // refused as UNAUTHENTICATED further on, with the usual message
    }
    (request as unknown as { fairnessKey: string }).fairnessKey = key;
    const minute = await perMinute(request);
    if (!minute.isAllowed && minute.isExceeded)
      return refuse(
        request,
        reply,
        `More than ${env.RATE_LIMIT_PER_MINUTE} requests a minute`,
        Math.max(1, minute.ttlInSeconds),
      );
    const running = inFlight.get(key) ?? 0;
    if (running >= env.RATE_LIMIT_CONCURRENT)
      return refuse(request, reply, `More than ${env.RATE_LIMIT_CONCURRENT} requests at once`, 1);
    inFlight.set(key, running + 1);
    let released = false;
    reply.raw.once('close', () => {
      if (released) return;
      released = true;
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left > 0) inFlight.set(key, left);
      else inFlight.delete(key);
    });
  });
}
