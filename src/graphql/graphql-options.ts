import { MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Env } from '../config/env';
import { TokenVerifier } from '../auth/token-verifier';
import { ErrorLog, formatError } from './error-formatter';
import { validationRules } from './guard-rails';
import { tagErrorCodes } from '../metrics/graphql-metrics';

interface ConnectionInit {
  payload?: Record<string, unknown> | null;
}

const bearerFrom = (payload: ConnectionInit['payload']): string | undefined => {
  const value = payload?.authorization ?? payload?.Authorization ?? (payload?.headers as Record<string, unknown> | undefined)?.authorization;
  if (typeof value === 'string') return value;
  if (typeof payload?.token === 'string') return `Bearer ${payload.token}`;
  return undefined;
};

/** Mercurius with JIT, the guard rails as validation rules and the one error mapping. */
export function graphqlOptions(env: Env, verifier: TokenVerifier, log: ErrorLog): MercuriusDriverConfig {
  const production = env.NODE_ENV === 'production';
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    // Our own page serves GraphiQL's assets locally (src/graphql/graphiql.ts); Mercurius' loads them from a CDN.
    graphiql: false,
    jit: 1,
    allowBatchedQueries: false,
    validationRules: validationRules(production),
    context: (request: FastifyRequest, reply: FastifyReply) => ({ req: request, reply }),
    // The graphql-transport-ws protocol: the same bearer token, in the connection_init payload.
    subscription: {
      fullWsTransport: true,
      onConnect: async ({ payload }: ConnectionInit) => {
        try {
          return { principal: await verifier.verifyBearer(bearerFrom(payload)) };
        } catch {
          return false;
        }
      },
      context: (_socket: unknown, request: FastifyRequest) => ({ req: { headers: {} }, request }),
    },
    errorFormatter: (execution, context) => {
      const errors = (execution.errors ?? []).flatMap((e) => {
        const nested = (e as { originalError?: { errors?: unknown[] } }).originalError?.errors;
        return Array.isArray(nested) ? (nested as Error[]) : [e];
      });
      // Fastify's request logger is disabled (nestjs-pino logs), so `reply.log` would drop the line.
      const formatted = errors.map((e) => formatError(e, log));
      tagErrorCodes(context, formatted.map((f) => f.extensions.code));
      const requestRefused = !execution.data && formatted.every((f) => f.extensions.code === 'BAD_USER_INPUT' && !f.path);
      // A request refused by Fastify keeps its own status: 413 body too large, 415 media type.
      const fastifyStatus = errors
        .map((e) => (e as { originalError?: { statusCode?: unknown } }).originalError?.statusCode)
        .find((s): s is number => typeof s === 'number' && s > 400 && s < 500);
      return {
        statusCode: requestRefused ? (fastifyStatus ?? 400) : 200,
        response: { data: execution.data ?? null, errors: formatted },
      };
    },
  } as MercuriusDriverConfig;
}
