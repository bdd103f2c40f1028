import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { createApp } from '../../src/bootstrap';
import { pendingSchemaChanges } from '../../src/database/migrate';
import { createScratchDatabase, ScratchDatabase } from '../../src/database/scratch-database';
import { TEST_SECRET } from '../helpers/test-app';

const ENV = { NODE_ENV: 'test', AUTH_DEV_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', SWEEP_INTERVAL_MINUTES: '0' };

// A brand-new database, not the run's migrated one: on DATABASE_URL's server when set, else on
// the run's embedded server (cheaper than a second cluster).
const serverUrl = () => process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;

describe('migrations', () => {
  let scratch: ScratchDatabase;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl(), 'cpw_migrations');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await scratch?.drop();
  });

  it('two instances starting at once on an empty database both come up, and apply each migration once', async () => {
    const started = await Promise.allSettled([
      createApp({ databaseUrl: scratch.url, env: ENV }),
      createApp({ databaseUrl: scratch.url, env: ENV }),
    ]);
    for (const result of started) if (result.status === 'fulfilled') apps.push(result.value);
    expect(started.map((r) => (r.status === 'rejected' ? String(r.reason) : 'up'))).toEqual(['up', 'up']);

    const rows: { name: string; n: number }[] = await apps[0]
      .get(DataSource)
      .query('SELECT name, count(*)::int AS n FROM typeorm_migrations GROUP BY name ORDER BY name');
    const names = MIGRATIONS.map((m) => new (m as new () => { name?: string })().name ?? m.name);
    expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
    for (const row of rows) expect(row.n).toBe(1);
  }, 60_000);

  it('leaves nothing for migration:generate to do: the schema matches the entities', async () => {
    expect(apps).toHaveLength(2);
    const { up } = await pendingSchemaChanges(apps[1].get(DataSource));
    expect(up).toEqual([]);
  });

  it('a third start finds nothing pending', async () => {
    const again = await createApp({ databaseUrl: scratch.url, env: ENV });
    apps.push(again);
    const [{ n }] = await again.get(DataSource).query('SELECT count(*)::int AS n FROM typeorm_migrations');
    expect(n).toBe(MIGRATIONS.length);
  });
});
