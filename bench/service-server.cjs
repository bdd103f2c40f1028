// The service itself, as one contender of npm run bench, from its build (npm run build; the bench
// builds first): node bench/service-server.cjs <databaseUrl>. Production mode (NODE_ENV, JWKS
// tokens, signing key: all set by the orchestrator in the environment), logs at warn, no scheduled
// sweep. Prints "READY <port>"; stops on SIGTERM. BENCH_FROM_SOURCE=1 runs src/ through
// @swc-node/register instead (more memory: the compiler is in the process).
const { join } = require('node:path');
const { answerStats, installStatementCounter } = require('./statement-counter.cjs');

installStatementCounter();

async function main() {
  const [url] = process.argv.slice(2);
  if (!url) throw new Error('usage: service-server.cjs <databaseUrl>');
  const fromSource = process.env.BENCH_FROM_SOURCE === '1';
  if (fromSource) require('@swc-node/register');
  const { createApp } = require(join(__dirname, '..', fromSource ? 'src' : 'dist/src', 'bootstrap'));
  const app = await createApp({ databaseUrl: url, quiet: true });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  answerStats();
  process.on('SIGTERM', () => {
    app.close().finally(() => process.exit(0));
  });
  process.stdout.write(`READY ${port}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
