import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// A PostgreSQL `date` is a calendar date: keep it as 'YYYY-MM-DD', never a midnight instant
// that a time zone could move to the day before.
types.setTypeParser(1082, (value: string) => value);
// bigint counts (COUNT(*)) fit in a JS number for everything this service counts.
types.setTypeParser(20, (value: string) => Number(value));

/** The one definition of the database options, used by the app, the scripts and the tests. */
export function dataSourceOptions(
  url: string,
  overrides: Partial<{ poolSize: number; applicationName: string; statementTimeoutMs: number; role: string }> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    poolSize: overrides.poolSize ?? 20,
    applicationName: overrides.applicationName ?? 'cp-workflow',
    // `role`: every connection of the pool starts as that role (the service's least-privilege one).
    extra: {
      connectionTimeoutMillis: 10_000,
      statement_timeout: overrides.statementTimeoutMs ?? 30_000,
      ...(overrides.role ? { options: `-c role=${overrides.role}` } : {}),
    },
  };
}

export function createDataSource(url: string, overrides?: Parameters<typeof dataSourceOptions>[1]): DataSource {
  return new DataSource(dataSourceOptions(url, overrides));
}
