import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '../src/database/data-source';
import { pendingSchemaChanges } from '../src/database/migrate';
import { createScratchDatabase } from '../src/database/scratch-database';
import { migrate } from '../src/bootstrap';

// npm run migration:generate -- Name   (against a fresh database migrated to the latest state)
async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
    throw new Error('usage: npm run migration:generate -- PascalCaseName');
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'migration_gen');
  try {
    await migrate(scratch.url);
    const ds = createDataSource(scratch.url, { poolSize: 1 });
    await ds.initialize();
    const { up, down } = await pendingSchemaChanges(ds);
    await ds.destroy();
    if (up.length === 0) {
      console.log('No changes: the migrations already match the entities.');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const lines = (qs: string[]) => qs.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
    const file = join('migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${lines(up)}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${lines([...down].reverse())}\n  }\n}\n`,
    );
    console.log(`Wrote ${file}: add ${className} to migrations/index.ts`);
  } finally {
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
