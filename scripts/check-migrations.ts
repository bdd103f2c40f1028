import { createDataSource } from '../src/database/data-source';
import { pendingSchemaChanges } from '../src/database/migrate';
import { createScratchDatabase } from '../src/database/scratch-database';
import { migrate } from '../src/bootstrap';

// CI: a freshly migrated database must already match the entities (migration:generate would write nothing).
async function main() {
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'migration_check');
  try {
    await migrate(scratch.url);
    const ds = createDataSource(scratch.url, { poolSize: 1 });
    await ds.initialize();
    const { up } = await pendingSchemaChanges(ds);
    await ds.destroy();
    if (up.length) {
      console.error(
        `migrations: the entities need ${up.length} change(s) that no migration makes:\n${up.join('\n')}\nRun npm run migration:generate -- Name`,
      );
      process.exitCode = 1;
    } else {
      console.log('migrations: the migrations match the entities');
    }
  } finally {
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
