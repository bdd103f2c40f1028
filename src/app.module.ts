import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { Env, validateEnv } from './config/env';
import { dataSourceOptions } from './database/data-source';
import { RUNTIME_ROLE } from './database/runtime-role';
import { installAuthorityScope } from './database/authority-scope';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { inputValidationPipe } from './common/validation';
import { safeError, safeUrl } from './common/log-safety';
import { graphqlOptions } from './graphql/graphql-options';
import { DatabaseRefusalFilter } from './graphql/database-refusal.filter';
import { WS_LIMITS, WsSessions } from './graphql/ws-sessions';
import { HealthController } from './health/health.controller';
import { CoreModule } from './core.module';
import { FEATURE_MODULES } from './feature-modules';

export interface AppOptions {
  databaseUrl: string;
  /** environment values layered over process.env (tests use this instead of mutating it) */
  env?: Record<string, string | undefined>;
  /** where log lines go instead of stdout (the tests read them back) */
  logStream?: { write(line: string): void };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const env = validateEnv({ ...process.env, ...options.env });
    installAuthorityScope();
    const verifier = new TokenVerifier(env);
    const sessions = new WsSessions(verifier, { ...WS_LIMITS, operationsPerSubject: env.RATE_LIMIT_CONCURRENT });
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: () => ({ ...env }) }),
        LoggerModule.forRoot({
          pinoHttp: withStream(options.logStream, {
            level: env.LOG_LEVEL,
            genReqId: (req, res) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            // Tokens and personal data never reach a log line: no headers with secrets, no bodies.
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["sec-websocket-protocol"]'], remove: true },
            // No query string values (a token may ride in one) and no database values, in any environment.
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: safeUrl(req.url) }),
              err: safeError,
            },
            transport: env.NODE_ENV === 'development' && !options.logStream ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
          }),
        }),
        // A request's statements are cut short after DB_STATEMENT_TIMEOUT_MS: none holds a connection for long.
        // Requests run as the runtime role, which cannot alter tables, disable triggers or rewrite audit events.
        TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl, { statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS, role: RUNTIME_ROLE }), autoLoadEntities: false }),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          useFactory: () => graphqlOptions(env, verifier, sessions, new GraphqlErrorLog()),
        }),
        TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0 }),
        CoreModule,
        ...FEATURE_MODULES,
      ],
      controllers: [HealthController],
      providers: [
        { provide: Env, useValue: env },
        { provide: TokenVerifier, useValue: verifier },
        { provide: WsSessions, useValue: sessions },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useValue: inputValidationPipe() },
        { provide: APP_FILTER, useClass: DatabaseRefusalFilter },
      ],
    };
  }
}

const withStream = <T>(stream: AppOptions['logStream'], options: T): T | [T, NonNullable<AppOptions['logStream']>] => (stream ? [options, stream] : options);

class GraphqlErrorLog {
  private readonly logger = new Logger('GraphQL');
  error(obj: object, msg: string) {
    this.logger.error({ ...obj, msg });
  }
  warn(obj: object, msg: string) {
    this.logger.warn({ ...obj, msg });
  }
}
