import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ReadPool } from '../../src/common/read-pool';

/**
 * Records the SQL the app sends, on both of its paths: TypeORM's query runners (transactions,
 * `dataSource.query`) and ReadPool (loaders, pages and counts outside a transaction; its
 * prepared statements too).
 */
export function spyOnStatements(): { sqls(): string[]; clear(): void; restore(): void } {
  const spies = [
    jest.spyOn(PostgresQueryRunner.prototype, 'query'),
    jest.spyOn(ReadPool.prototype, 'query'),
    jest.spyOn(ReadPool.prototype, 'prepared'),
  ] as jest.SpyInstance[];
  return {
    sqls: () => spies.flatMap((s) => s.mock.calls.map(([sql]) => String(sql))),
    clear: () => spies.forEach((s) => s.mockClear()),
    restore: () => spies.forEach((s) => s.mockRestore()),
  };
}
