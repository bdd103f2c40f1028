import { createHash } from 'node:crypto';
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
    return this.run<T>(sql, params, false);
  }

  /**
   * As `query`, as a named prepared statement: each pooled connection parses and plans `sql` once
   * and then only binds and executes it. For the compiled reads (docs/architecture.md), whose one
   * statement of a dozen subqueries took 0.8–3 ms to plan and under 1 ms to run (issue 17: an
   * escalation by id). Only for SQL built from a bounded set of shapes, never from values: each
   * distinct text stays prepared on every connection for the connection's life. Behind PgBouncer in
   * transaction mode this needs PgBouncer 1.21 or later with max_prepared_statements set
   * (docs/scaling.md).
   */
  async prepared<T = any>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.run<T>(sql, params, true);
  }

  private async run<T>(sql: string, params: readonly unknown[], prepare: boolean): Promise<T[]> {
    // Inside a bulk import's batch, reads join its transaction (they must see its own writes).
    const ambient = ambientTransaction.getStore();
    if (ambient) return (await ambient.query(sql, params as unknown[])) as T[];
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client: PoolClient = await pool.connect();
    let broken: Error | undefined;
    try {
      await ensureAuthoritySetting(client as unknown as ScopedConnection);
      const result = prepare
        ? await client.query({ name: statementName(sql), text: sql, values: params as unknown[] })
        : await client.query(sql, params as unknown[]);
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

/** A prepared statement's name: the same text gives the same name on every connection. */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `cp_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
    if (statementNames.size < 1_000) statementNames.set(sql, name);
  }
  return name;
}

/**
 * Where a repository's read may run: the caller's transaction (its EntityManager), or by default the
 * read pool. Rows are typed by the caller, as with TypeORM's `query`.
 */
export interface ReadDb {
  query(sql: string, params?: any[]): Promise<any>;
}
