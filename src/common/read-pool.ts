import { Injectable } from '@nestjs/common';
import { DatabaseError, Pool, PoolClient } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ambientTransaction } from './ambient-transaction';
import { ensureAuthoritySetting, ScopedConnection } from './authority-scope';

/**
 * Reads outside any transaction (the loaders', the lists' pages and counts) straight on the pg pool
 * TypeORM already owns, without TypeORM's query runner around each statement (issue 17: that
 * wrapper was about a tenth of an auditor page's Node CPU).
 *
 * The same pool, not a second one: the connection budget of docs/scaling.md (pool × instances under
 * max_connections) stays one number, every connection already starts as the runtime role with the
 * statement timeout, and the authority each connection carries (`cpAuthority`, set by the TypeORM
 * patch in src/database/authority-scope.ts) is the same cache for both paths. A client checked out of
 * the pool is idle, so a read here never runs inside someone else's transaction; it sets
 * `cp.authority_id` for the current scope first when that connection last had another value.
 *
 * Errors come out as TypeORM's QueryFailedError, as `dataSource.query` gave them: the one error
 * mapping (DatabaseRefusalFilter, the formatter) stays the one path.
 */
@Injectable()
export class ReadPool {
  constructor(private readonly dataSource: DataSource) {}

  async query<T = any>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    // Inside a bulk import's batch, reads join its transaction (they must see its own writes).
    const ambient = ambientTransaction.getStore();
    if (ambient) return (await ambient.query(sql, params as unknown[])) as T[];
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client: PoolClient = await pool.connect();
    let broken: Error | undefined;
    try {
      await ensureAuthoritySetting(client as unknown as ScopedConnection);
      const result = await client.query(sql, params as unknown[]);
      return result.rows as T[];
    } catch (error) {
      if (error instanceof DatabaseError) throw new QueryFailedError(sql, params as unknown[], error);
      broken = error instanceof Error ? error : new Error(String(error)); // the connection itself failed: drop it
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/**
 * Where a repository's read may run: the caller's transaction (its EntityManager), or by default the
 * read pool. Rows are typed by the caller, as with TypeORM's `query`.
 */
export interface ReadDb {
  query(sql: string, params?: any[]): Promise<any>;
}
