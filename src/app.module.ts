import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { Env, validateEnv } from './config/env';
import { loggerParams, ServiceLogger } from './config/logging';
import { dataSourceOptions } from './database/data-source';
import { RUNTIME_ROLE } from './database/runtime-role';
import { installAuthorityScope } from './database/authority-scope';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { inputValidationPipe } from './common/validation';
import { graphqlOptions } from './graphql/graphql-options';
import { installFastFieldResolvers } from './graphql/fast-field-resolvers';
import { DatabaseRefusalFilter } from './graphql/database-refusal.filter';
import { WS_LIMITS, WsSessions } from './graphql/ws-sessions';
import { HealthController } from './health/health.controller';
import { MetricsModule } from './metrics/metrics.module';
import { CORE_MODULES, FEATURE_MODULES } from './feature-modules';

export interface AppOptions {
  databaseUrl: string;
  /** environment values layered over process.env (tests use this instead of mutating it) */
  env?: Record<string, string | undefined>;
  /** where log lines go instead of stdout (the tests read them back) */
  logStream?: { write(line: string): void };
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const env = validateEnv({ ...process.env, ...options.env });
    installAuthorityScope();
    installFastFieldResolvers();
    const verifier = new TokenVerifier(env);
    const sessions = new WsSessions(verifier, { ...WS_LIMITS, operationsPerSubject: env.RATE_LIMIT_CONCURRENT });
    return {
      module: AppModule,
      imports: [
        // The validated env, read by ConfigService only: `validate` would also copy every value into
        // process.env, where one app's settings (CLOCK_TODAY, say) leak into the next in the process.
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          load: [() => ({ ...env })],
        }),
        LoggerModule.forRoot(loggerParams(env, process.stdout, options.logStream)),
        // A request's statements are cut short after DB_STATEMENT_TIMEOUT_MS: none holds a connection for long.
        // Requests run as the runtime role, which cannot alter tables, disable triggers or rewrite audit events.
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.databaseUrl, {
            statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
            role: RUNTIME_ROLE,
          }),
          autoLoadEntities: false,
        }),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          useFactory: () => graphqlOptions(env, verifier, sessions, new GraphqlErrorLog()),
        }),
        TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0 }),
        ...CORE_MODULES,
        MetricsModule,
        ...FEATURE_MODULES,
      ],
      controllers: [HealthController],
      providers: [
        { provide: Env, useValue: env },
        ServiceLogger,
        { provide: TokenVerifier, useValue: verifier },
        { provide: WsSessions, useValue: sessions },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useValue: inputValidationPipe() },
        { provide: APP_FILTER, useClass: DatabaseRefusalFilter },
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
