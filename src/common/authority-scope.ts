import { AsyncLocalStorage } from 'node:async_hooks';

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

/** A pg connection as both read paths see it: `cpAuthority` is what it last had `cp.authority_id` set to. */
export interface ScopedConnection {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  cpAuthority?: string;
}

/**
 * Sets `cp.authority_id` on the connection for the current scope, only when it differs from what the
 * connection last had. The caller makes sure the connection is not inside a transaction (the setting
 * is the session's, so no rollback can undo it).
 */
export async function ensureAuthoritySetting(connection: ScopedConnection): Promise<void> {
  const wanted = currentAuthoritySetting();
  if (connection.cpAuthority === wanted) return;
  await connection.query("SELECT set_config('cp.authority_id', $1, false)", [wanted]);
  connection.cpAuthority = wanted;
}
