// Counting the SQL statements each contender of npm run bench sends (issue 17). pg_stat_statements
// needs shared_preload_libraries, which the local server does not load (and a shared server is not
// restarted for a benchmark), so each contender's process counts what it sends itself: every call
// of pg's Client.query, whoever makes it (TypeORM, a loader, PostGraphile's adaptor, the raw pool).
// Plain CommonJS so that the service can run from its build (dist/) without a TypeScript hook.
// Installed by the bench's server processes only; the service's src/ knows nothing of it.
const { Client } = require('pg');

let statements = 0;

function installStatementCounter() {
  const prototype = Client.prototype;
  if (prototype.__benchCounted) return;
  prototype.__benchCounted = true;
  const query = prototype.query;
  const log = process.env.BENCH_LOG_SQL === '1';
  prototype.query = function (...args) {
    statements++;
    if (log) {
      const text = typeof args[0] === 'string' ? args[0] : args[0] && args[0].text;
      process.stderr.write(`SQL ${String(text).replace(/\s+/g, ' ').slice(0, 400)}\n`);
    }
    return query.apply(this, args);
  };
}

/** Answers the orchestrator's { stats } messages over the IPC channel: the count, RSS and CPU time used so far. */
function answerStats() {
  process.on('message', (message) => {
    if (message && message.stats !== undefined) {
      const cpu = process.cpuUsage();
      process.send({
        stats: message.stats,
        statements,
        rss: process.memoryUsage.rss(),
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
    }
  });
}

module.exports = { installStatementCounter, answerStats, statementCount: () => statements };
