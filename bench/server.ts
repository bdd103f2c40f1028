import { startNestBenchApp } from './nest-bench-app';
import { startRawServer } from './raw-server';

// One contender per process: node bench/server.ts <mercurius|apollo|raw> <databaseUrl>.
// Prints "READY <port>" when listening; stops on SIGTERM.
async function main() {
  const [kind, url] = process.argv.slice(2);
  if (!url || !['mercurius', 'apollo', 'raw'].includes(kind))
    throw new Error('usage: server.ts mercurius|apollo|raw <databaseUrl>');
  const server =
    kind === 'raw' ? await startRawServer(url) : await startNestBenchApp(kind as 'mercurius' | 'apollo', url);
  process.on('SIGTERM', () => {
    server.close().finally(() => process.exit(0));
  });
  process.stdout.write(`READY ${server.port}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
