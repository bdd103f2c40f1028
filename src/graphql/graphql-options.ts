import { MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentNode, GraphQLSchema } from 'graphql';
import { Env } from '../config/env';
import { Principal } from '../auth/principal';
import { TokenVerifier } from '../auth/token-verifier';
import { ErrorLog, formatError } from './error-formatter';
import { guardDocument, guardSource, validationRules } from './guard-rails';
import { tagErrorCodes } from '../metrics/graphql-metrics';
import { WsSession, WsSessions } from './ws-sessions';
import { routeSocketFramesThroughErrorMapping } from './ws-transport';

/** Documents Mercurius keeps parsed (and compiled once used twice): at most about 200 MB at 3,000 tokens each. */
export const GRAPHQL_DOCUMENT_CACHE = 128;

interface OperationContext {
  req?: { headers: Record<string, string | string[] | undefined>; principal?: Principal };
  wsSession?: WsSession;
  principal?: Principal;
}

/**
 * Every operation is authenticated before it executes, so `{ __typename }` (which runs no
 * resolver, hence no guard) needs a token too. The guard reuses the principal; on a socket it is
 * the token's validity now.
 */
async function authenticate(verifier: TokenVerifier, context: OperationContext): Promise<void> {
  if (context.wsSession) {
    await context.wsSession.principal();
    return;
  }
  if (context.req?.principal) {
    context.principal = context.req.principal; // verified by the fairness hook
    return;
  }
  const header = context.req?.headers?.authorization;
  context.principal = await verifier.verifyBearer(Array.isArray(header) ? header[0] : header);
}

/** Mercurius with JIT, the guard rails as validation rules and the one error mapping. */
export function graphqlOptions(
  env: Env,
  verifier: TokenVerifier,
  sessions: WsSessions,
  log: ErrorLog,
): MercuriusDriverConfig {
  const production = env.NODE_ENV === 'production';
  routeSocketFramesThroughErrorMapping();
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    // Our own page serves GraphiQL's assets locally (src/graphql/graphiql.ts); Mercurius' loads them from a CDN.
    graphiql: false,
    jit: 1,
    // Parsed (and compiled) documents by their text: a client's few dozen operations fit many times
    // over; Mercurius' default (1,024) could hold 1.5 GB of documents of 3,000 tokens.
    cache: GRAPHQL_DOCUMENT_CACHE,
    // Guards, interceptors and filters run at root operations only (the default, stated here:
    // src/graphql/fast-field-resolvers.ts relies on it); field resolvers are scoped by the loaders.
    fieldResolverEnhancers: [],
    allowBatchedQueries: false,
    validationRules: validationRules(production),
    context: (request: FastifyRequest, reply: FastifyReply) => ({ req: request, reply }),
    // The graphql-transport-ws protocol: the same bearer token, in the connection_init payload,
    // verified by WsSessions when it arrives and again for every operation on the socket.
    subscription: {
      fullWsTransport: true,
      context: async (socket: Parameters<WsSessions['authenticate']>[0], request: FastifyRequest) => ({
        req: { headers: {} },
        request,
        ...(await sessions.authenticate(socket)),
      }),
    },
    // One set of limits for every transport: Mercurius validates a query or mutation (HTTP or
    // socket) with validationRules, but not a subscription document, which it only parses.
    hooks: {
      preParsing: (_schema: unknown, source: string) => guardSource(source),
      // After validation (a refused document is BAD_USER_INPUT with or without a token), before
      // anything runs, for every execution, cached documents included.
      preExecution: async (_schema: unknown, _document: unknown, context: OperationContext) => {
        await authenticate(verifier, context);
      },
      preSubscriptionParsing: (_schema: unknown, source: string) => guardSource(source),
      preSubscriptionExecution: (
        schema: GraphQLSchema,
        document: DocumentNode,
        context: OperationContext,
        id: string,
      ) => {
        guardDocument(schema, document, production);
        context.wsSession?.startSubscription(id);
      },
    },
    errorFormatter: (execution, context) => {
      const errors = (execution.errors ?? []).flatMap((e) => {
        const nested = (e as { originalError?: { errors?: unknown[] } }).originalError?.errors;
        return Array.isArray(nested) ? (nested as Error[]) : [e];
      });
      // Fastify's request logger is disabled (nestjs-pino logs), so `reply.log` would drop the line.
      const formatted = errors.map((e) => formatError(e, log));
      tagErrorCodes(
        context,
        formatted.map((f) => f.extensions.code),
      );
      const requestRefused =
        !execution.data && formatted.every((f) => f.extensions.code === 'BAD_USER_INPUT' && !f.path);
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
