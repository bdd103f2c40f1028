import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * The authority a request acts for, as the verified token says (issue 12). Row-level security keys
 * on it: every table with authority_id shows the runtime role only that authority's rows, so a query
 * that forgets its `authority_id = $1` still returns nothing of another authority.
 *
 * A request opens a scope (HTTP preHandler, each WebSocket operation); the guard fills in the
 * authority once it has resolved the caller. Work outside any request (the deadline sweep, the
 * outbox, scripts) has no scope and acts for every authority ('*'), as does a request's own
 * sign-in before its authority is known.
 */
export interface AuthorityScope {
  authorityId?: string;
}

export const authorityScope = new AsyncLocalStorage<AuthorityScope>();

export const ALL_AUTHORITIES = '*';

/** The value of `cp.authority_id` for the current async context. */
export const currentAuthoritySetting = (): string => authorityScope.getStore()?.authorityId ?? ALL_AUTHORITIES;

/** Fills in the scope's authority (the guard, once the caller is known). */
export function scopeToAuthority(authorityId: string): void {
  const scope = authorityScope.getStore();
  if (scope) scope.authorityId = authorityId;
}

interface Connection {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  cpAuthority?: string;
}

let installed = false;

/**
 * Every statement of the app's TypeORM query runners goes out with `cp.authority_id` set for its
 * context. It is set on the connection, only when it differs, and only outside a transaction: a
 * transaction gets it just before START TRANSACTION (so no rollback can undo it, and SET
 * TRANSACTION still comes first inside), and keeps it to the end.
 */
export function installAuthorityScope(): void {
  if (installed) return;
  installed = true;
  type Runner = { connect(): Promise<Connection>; startTransaction(level?: unknown): Promise<void>; isTransactionActive: boolean; transactionDepth: number };
  const prototype = PostgresQueryRunner.prototype as unknown as Runner;
  const connect = prototype.connect;
  const ensure = async (connection: Connection) => {
    const wanted = currentAuthoritySetting();
    if (connection.cpAuthority === wanted) return;
    await connection.query("SELECT set_config('cp.authority_id', $1, false)", [wanted]);
    connection.cpAuthority = wanted;
  };
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
