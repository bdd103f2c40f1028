import 'reflect-metadata';
import { createApp } from '../src/bootstrap';

// The service as `npm start` runs it (the production limits), on a given database, for bench/flood.ts.
// argv: databaseUrl. Prints "READY <port>" when listening.
async function main() {
  const app = await createApp({
    databaseUrl: process.argv[2],
    env: { LOG_LEVEL: 'warn', SWEEP_INTERVAL_MINUTES: '0' },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${(app.getHttpServer().address() as { port: number }).port}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
