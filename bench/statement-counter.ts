import { Client } from 'pg';

// pg_stat_statements needs shared_preload_libraries, which the local server does not load (and a
// shared server must not be restarted for a benchmark), so each contender's process counts the
// statements it sends itself: every call of pg's Client.query, whoever makes it (TypeORM, a loader,
// PostGraphile's adaptor, the raw pool). Installed by the bench's server processes only; the
// service's src/ knows nothing of it.

let statements = 0;

export function installStatementCounter(): void {
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown; __benchCounted?: boolean };
  if (prototype.__benchCounted) return;
  prototype.__benchCounted = true;
  const query = prototype.query;
  const log = process.env.BENCH_LOG_SQL === '1';
  prototype.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    if (log) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      process.stderr.write(`SQL ${String(text).replace(/\s+/g, ' ').slice(0, 400)}\n`);
    }
    return query.apply(this, args);
  };
}

export const statementCount = () => statements;

/** Answers the orchestrator's { stats } messages over the IPC channel with the count and RSS. */
export function answerStats(): void {
  process.on('message', (message: { stats?: number }) => {
    if (message?.stats !== undefined) process.send?.({ stats: message.stats, statements, rss: process.memoryUsage.rss() });
  });
}
