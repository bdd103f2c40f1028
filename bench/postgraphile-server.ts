import { createServer } from 'node:http';
import { Pool } from 'pg';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, shared with the service's process (service-server.cjs)
const { answerStats, installStatementCounter } = require('./statement-counter.cjs') as {
  answerStats(): void;
  installStatementCounter(): void;
};

installStatementCounter();

// PostGraphile v5 on the service's tables, the third contender of npm run bench:
//   node bench/postgraphile-server.ts <databaseUrl>      prints READY <port>
// It connects as the tables' owner (no row-level security; the bench's queries filter by
// authority_id themselves). Relations the schema has no foreign key for (polymorphic subject and
// entity ids, staff references) are declared with smart tags, as a PostGraphile user would.

// PostGraphile 5 is written for Node 22+; on Node 20 it needs these (only what it calls).
const promise = Promise as unknown as { withResolvers?: () => unknown };
promise.withResolvers ??= function <T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const p = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise: p, resolve, reject };
};
const array = Array as unknown as {
  fromAsync?: (items: AsyncIterable<unknown> | Iterable<unknown>) => Promise<unknown[]>;
};
array.fromAsync ??= async (items) => {
  const out: unknown[] = [];
  for await (const item of items as AsyncIterable<unknown>) out.push(item);
  return out;
};
const object = Object as unknown as {
  groupBy?: <T>(items: Iterable<T>, key: (item: T) => PropertyKey) => Record<PropertyKey, T[]>;
};
object.groupBy ??= (items, key) => {
  const out: Record<PropertyKey, unknown[]> = Object.create(null);
  for (const item of items) (out[key(item)] ??= []).push(item);
  return out as never;
};

async function main(): Promise<void> {
  const [url, poolSize = '20'] = process.argv.slice(2);
  if (!url) throw new Error('usage: postgraphile-server.ts <databaseUrl> [poolSize]');
  process.env.GRAPHILE_ENV ??= 'production';
  const { postgraphile } = await import('postgraphile');
  const { grafserv } = await import('postgraphile/grafserv/node');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { jsonPgSmartTags } = await import('postgraphile/utils');
  const tags = jsonPgSmartTags({
    version: 1,
    config: {
      class: {
        // Keys are (id, authority_id) and foreign keys composite (migration 1796000000022), so a
        // declared relation carries authority_id too: id alone is not unique.
        escalation: { tags: { foreignKey: '(raised_by_id, authority_id) references staff_member (id, authority_id)' } },
        escalation_stage: {
          tags: { foreignKey: '(assigned_to, authority_id) references staff_member (id, authority_id)' },
        },
        action: { tags: { foreignKey: '(subject_id, authority_id) references escalation (id, authority_id)' } },
        audit_event: {
          tags: {
            foreignKey: [
              '(entity_id, authority_id) references escalation (id, authority_id)',
              '(actor_id, authority_id) references staff_member (id, authority_id)',
            ],
          },
        },
      },
    },
  });
  const pool = new Pool({ connectionString: url, max: Number(poolSize) });
  const preset = {
    extends: [PostGraphileAmberPreset],
    plugins: [tags],
    pgServices: [makePgService({ pool, schemas: ['public'] })],
    grafserv: { graphqlPath: '/graphql', graphiql: false },
    grafast: { explain: false },
    // Every column orderable and every tagged relation readable (v4's ignoreIndexes), plain `id`s.
    disablePlugins: ['PgIndexBehaviorsPlugin', 'NodePlugin'],
  };
  const pgl = postgraphile(preset as never);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  serv.addTo(server);
  await serv.ready();
  // Build the schema now: in production mode a schema that fails to build (a smart tag naming
  // columns that are not unique, say) only answers "Unknown error occurred" to every request.
  await pgl.getSchema();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  answerStats();
  process.on('SIGTERM', () => {
    server.close();
    pgl.release().finally(() => pool.end().finally(() => process.exit(0)));
  });
  process.stdout.write(`READY ${(server.address() as { port: number }).port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
