import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createApp, ensureDevSecret } from '../src/bootstrap';
import { validateEnv } from '../src/config/env';
import { resolveDatabaseUrl } from '../src/database/database-url';
import { DEFAULT_BATCH_LINES, ImportService } from '../src/import/import.service';

// npm run import -- --authority CODE --actor ADMIN_SUBJECT --file records.jsonl [--batch-lines 500]
// Imports an authority's existing records (docs/import.md) into DATABASE_URL, or the embedded
// PostgreSQL under ./.data when unset, through the domain services in batched transactions.
// Prints each problem as "line N: reason" (never a line's content), then a JSON summary on stdout.
// Exit code 0 when every line was imported (or had been before), 1 otherwise.
const { values } = parseArgs({
  options: {
    authority: { type: 'string' },
    actor: { type: 'string' },
    file: { type: 'string' },
    'batch-lines': { type: 'string', default: String(DEFAULT_BATCH_LINES) },
  },
});

async function main(): Promise<number> {
  if (!values.authority || !values.actor || !values.file)
    throw new Error(
      'usage: npm run import -- --authority CODE --actor ADMIN_SUBJECT --file records.jsonl [--batch-lines 500]',
    );
  const batchLines = Number(values['batch-lines']);
  if (!Number.isInteger(batchLines) || batchLines < 1) throw new Error('--batch-lines must be a positive whole number');
  if (process.env.NODE_ENV !== 'production') ensureDevSecret();
  const env = validateEnv(process.env);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const { url, embedded } = await resolveDatabaseUrl(env, say);
  const app = await createApp({ databaseUrl: url, env: { LOG_LEVEL: 'warn', SWEEP_INTERVAL_MINUTES: '0' } });
  try {
    const lines = createInterface({ input: createReadStream(values.file), crlfDelay: Infinity });
    const report = await ImportService.from(app).importLines(lines, {
      authority: values.authority,
      actor: values.actor,
      batchLines,
      onBatch: (b) =>
        say(
          `lines ${b.firstLine}-${b.lastLine}: ${b.committed ? `written (${b.imported} new, ${b.alreadyImported} imported before)` : 'NOT written'}`,
        ),
    });
    for (const p of report.problems) say(`line ${p.line}: ${p.reason}`);
    say(
      `${report.lines} lines in ${report.batches} batches of up to ${batchLines} lines, ${report.seconds.toFixed(1)}s: ${report.imported} imported, ${report.alreadyImported} imported before, ${report.notWritten} not written (${report.failedBatches} failed batches)`,
    );
    process.stdout.write(`${JSON.stringify({ ...report, problems: report.problems.length })}\n`);
    return report.problems.length ? 1 : 0;
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
