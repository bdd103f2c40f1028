import { createServer } from 'node:http';
import { benchPool, readItems } from './bench-data';

/**
 * The baseline: node:http and pg with no GraphQL at all. It reads the body and returns the same
 * JSON the GraphQL servers produce, so its rate is the ceiling the drivers are measured against.
 */
export async function startRawServer(databaseUrl: string): Promise<{ port: number; close(): Promise<void> }> {
  const pool = benchPool(databaseUrl);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      readItems(pool, 50).then(
        (items) =>
          res
            .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
            .end(JSON.stringify({ data: { items } })),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: async () => {
      await new Promise((ok) => server.close(ok));
      await pool.end();
    },
  };
}
