import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { Env, validateEnv } from './config/env';
import { dataSourceOptions } from './database/data-source';
import { AuthGuard } from './auth/auth.guard';
import { requestIdFrom } from './common/request-id';
import { TokenVerifier } from './auth/token-verifier';
import { inputValidationPipe } from './common/validation';
import { graphqlOptions } from './graphql/graphql-options';
import { HealthController } from './health/health.controller';
import { CoreModule } from './core.module';
import { FEATURE_MODULES } from './feature-modules';

export interface AppOptions {
  databaseUrl: string;
  /** environment values layered over process.env (tests use this instead of mutating it) */
  env?: Record<string, string | undefined>;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const env = validateEnv({ ...process.env, ...options.env });
    const verifier = new TokenVerifier(env);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: () => ({ ...env }) }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: env.LOG_LEVEL,
            genReqId: (req, res) => {
              const id = requestIdFrom(req.headers);
              res.setHeader('x-request-id', id);
              return id;
            },
            // Tokens and personal data never reach a log line: no headers with secrets, no bodies.
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["sec-websocket-protocol"]'], remove: true },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
            },
            transport: env.NODE_ENV === 'development' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
          },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl), autoLoadEntities: false }),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          useFactory: () => graphqlOptions(env, verifier, new GraphqlErrorLog()),
        }),
        TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0 }),
        CoreModule,
        ...FEATURE_MODULES,
      ],
      controllers: [HealthController],
      providers: [
        { provide: Env, useValue: env },
        { provide: TokenVerifier, useValue: verifier },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useValue: inputValidationPipe() },
      ],
    };
  }
}

class GraphqlErrorLog {
  private readonly logger = new Logger('GraphQL');
  error(obj: object, msg: string) {
    this.logger.error({ ...obj, msg });
  }
  warn(obj: object, msg: string) {
    this.logger.warn({ ...obj, msg });
  }
}
