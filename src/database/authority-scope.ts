import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ensureAuthoritySetting as ensure, ScopedConnection as Connection } from '../common/authority-scope';

let installed = false;

/**
 * Every statement of the app's TypeORM query runners goes out with `cp.authority_id` set for its
 * context. It is set on the connection, only when it differs, and only outside a transaction: a
 * transaction gets it just before START TRANSACTION (so no rollback can undo it, and SET
 * TRANSACTION still comes first inside), and keeps it to the end. The reads outside TypeORM
 * (ReadPool, src/common/read-pool.ts) set it with the same function on the same pool's connections.
 */
export function installAuthorityScope(): void {
  if (installed) return;
  installed = true;
  type Runner = {
    connect(): Promise<Connection>;
    startTransaction(level?: unknown): Promise<void>;
    isTransactionActive: boolean;
    transactionDepth: number;
  };
  const prototype = PostgresQueryRunner.prototype as unknown as Runner;
  const connect = prototype.connect;
  prototype.connect = async function (this: Runner) {
    const connection = await connect.call(this);
    if (!this.isTransactionActive) await ensure(connection);
    return connection;
  };
  const startTransaction = prototype.startTransaction;
  prototype.startTransaction = async function (this: Runner, level?: unknown) {
    if (!this.isTransactionActive) await ensure(await connect.call(this));
    return startTransaction.call(this, level);
  };
}
