import { answerStats, installStatementCounter } from './statement-counter';

installStatementCounter();

// The service itself, as one contender of npm run bench: node bench/service-server.ts <databaseUrl>.
// Runs in production mode (NODE_ENV, JWKS tokens, signing key: all set by the orchestrator in the
// environment), logs at warn, no scheduled sweep. Prints "READY <port>"; stops on SIGTERM.
async function main(): Promise<void> {
  const [url] = process.argv.slice(2);
  if (!url) throw new Error('usage: service-server.ts <databaseUrl>');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the counter is installed
  const { createApp } = require('../src/bootstrap') as typeof import('../src/bootstrap');
  const app = await createApp({ databaseUrl: url, quiet: true });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  answerStats();
  process.on('SIGTERM', () => {
    app.close().finally(() => process.exit(0));
  });
  process.stdout.write(`READY ${port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
