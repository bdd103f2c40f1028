import { migrate } from '../src/bootstrap';
import { resolveDatabaseUrl } from '../src/database/database-url';

// npm run migration:run: applies pending migrations to DATABASE_URL (or the embedded database).
resolveDatabaseUrl(process.env, (line) => console.log(line))
  .then(async ({ url, embedded }) => {
    const applied = await migrate(url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations');
    await embedded?.stop();
  })
  .catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
