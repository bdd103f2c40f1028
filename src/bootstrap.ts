import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppModule, AppOptions } from './app.module';
import { Env } from './config/env';
import { ServiceLogger } from './config/logging';
import { createDataSource } from './database/data-source';
import { runMigrationsLocked } from './database/migrate';
import { readOrCreate } from './common/read-or-create';
import { registerGraphiql } from './graphql/graphiql';
import { instrumentGraphql } from './metrics/graphql-metrics';
import { MetricsService } from './metrics/metrics.service';
import { WsSessions } from './graphql/ws-sessions';
import { registerFairness } from './graphql/fairness';
import { authorityScope } from './common/authority-scope';
import { TokenVerifier } from './auth/token-verifier';
import { requestIdFrom } from './common/request-id';
import { guardDocument, guardSource, GUARD_RAILS } from './graphql/guard-rails';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/** Applies pending migrations (under the advisory lock) with a short-lived connection. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl, { poolSize: 2, applicationName: 'cp-workflow-migrate' });
  await dataSource.initialize();
  try {
    return await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const refusal = (message: string) => ({ data: null, errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });

/** Builds the application (migrated, initialised, not yet listening). Used by main and the tests. */
export async function createApp(options: AppOptions & { quiet?: boolean }): Promise<NestFastifyApplication> {
  await migrate(options.databaseUrl);
  const adapter = new FastifyAdapter({
    bodyLimit: GUARD_RAILS.bodyLimitBytes,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // One request id for the reply header and every log line: the caller's when it is sane.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      return requestIdFrom(req.headers);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  const env = app.get(Env);
  app.useLogger(app.get(ServiceLogger));
  // Nest holds buffered lines until listen(); the first start's seed runs before that.
  app.flushLogs();
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  if (env.NODE_ENV !== 'production') registerGraphiql(fastify);
  // GraphQL over GET would put operations (and personal data) in URLs and logs: POST only,
  // apart from the WebSocket upgrade that carries subscriptions. HEAD is Fastify's automatic
  // twin of the GET route and would run the query too. Only a real upgrade counts (Node sets
  // `upgrade` for Connection: Upgrade): an `Upgrade: websocket` header alone is a plain GET.
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      request.url.split('?')[0] === '/graphql' &&
      (request.raw as { upgrade?: boolean }).upgrade !== true
    ) {
      return reply.code(405).header('allow', 'POST').send(refusal('GraphQL is served over POST only'));
    }
  });
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.url.split('?')[0] !== '/graphql') return;
    const body = request.body as unknown;
    if (Array.isArray(body)) return reply.code(400).send(refusal('Batched operations are not accepted'));
    const query = (body as { query?: unknown } | null)?.query;
    if (typeof query === 'string') {
      try {
        guardSource(query);
      } catch (error) {
        return reply.code(400).send(refusal((error as Error).message));
      }
    }
  });
  // No fastify.setErrorHandler here: Nest installs its own in app.init() (routing errors through
  // its exception filters, which keep a Fastify error's 4xx status and hide anything else behind
  // a plain 500), and a second one was silently replaced (FSTWRN004). /graphql has Mercurius'
  // scoped handler, which goes through errorFormatter.
  // Each request's statements run in its authority's scope (row-level security, authority-scope.ts).
  fastify.addHook('preHandler', (_request, _reply, done) => authorityScope.run({}, done));
  await registerFairness(
    fastify as unknown as Parameters<typeof registerFairness>[0],
    app.get(TokenVerifier),
    app.get(Env),
  );
  // Every socket is known from its upgrade (connection_init within a few seconds, or it closes),
  // before Mercurius reads from it: the route's WebSocket handler is wrapped as it is declared.
  const sessions = app.get(WsSessions);
  fastify.addHook('onRoute', (route) => {
    const handler = (
      route as { wsHandler?: (this: unknown, socket: Parameters<WsSessions['open']>[0], request: unknown) => unknown }
    ).wsHandler;
    if (!handler) return;
    (route as { wsHandler?: typeof handler }).wsHandler = function (socket, request) {
      sessions.open(socket);
      return handler.call(this, socket, request);
    };
  });
  await app.init();
  instrumentGraphql(fastify, app.get(MetricsService));
  refuseBeforeMercuriusCaches(fastify, env.NODE_ENV === 'production');
  return app;
}

/**
 * Mercurius keeps every document that fails validation, with its errors, in a second cache of 1,024
 * entries, to answer a repeat at once. A document of 3,000 tokens is about 1.5 MB of AST, so 1,100
 * distinct refused documents of 9 KB, sent without a token, held 1.4 GB (issue 17). The same
 * validation (the specified rules and the guard rails) runs here first, in a preValidation hook
 * added after the metrics' (which names the operation, refused ones included): a refused document
 * is answered exactly as Mercurius answers it (the errors ride in `errors`, as in DocumentRefused)
 * and never reaches a cache. A valid document is validated twice, once, before Mercurius caches it.
 */
function refuseBeforeMercuriusCaches(fastify: unknown, production: boolean): void {
  const graphql = (
    fastify as {
      graphql: {
        addHook(name: 'preValidation', hook: (schema: GraphQLSchema, document: DocumentNode) => Promise<void>): void;
      };
    }
  ).graphql;
  graphql.addHook('preValidation', async (schema, document) => guardDocument(schema, document, production));
}

/** Outside production, a development token secret that persists under ./.data when none is set. */
export function ensureDevSecret(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'production' || env.AUTH_DEV_SECRET || env.AUTH_JWKS_URL) return;
  env.AUTH_DEV_SECRET = readOrCreate(join(process.cwd(), '.data', 'dev-secret'), () =>
    randomBytes(32).toString('base64url'),
  );
}
