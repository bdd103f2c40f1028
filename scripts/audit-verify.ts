import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  CheckpointRejected,
  CheckpointStatement,
  JwkSet,
  SignedCheckpoint,
  verifyCheckpoint,
} from '../src/audit/checkpoint';
import { LoggedEvent, LogVerifier, Verification } from '../src/audit/log-verifier';

/**
 * The offline verifier (issue 13): no database, no service, only node:crypto.
 *
 *   npm run audit:verify -- --events audit-events.jsonl --checkpoint cp.json --keys keys.json [--kept audit-checkpoints.jsonl]
 *
 * --events      GET /exports/audit-events.jsonl
 * --checkpoint  a checkpoint kept outside the service (the auditCheckpoint query's answer, or one
 *               line of GET /exports/audit-checkpoints.jsonl)
 * --keys        GET /audit/keys, kept with the checkpoint
 * --kept        optional: older checkpoints (GET /exports/audit-checkpoints.jsonl); those that verify
 *               narrow down where a rewrite begins
 *
 * Checks the signature, the hash chain of every event, and that the RFC 9162 root of the first
 * treeSize events is the signed root. Prints a JSON verdict; exit code 0 valid, 1 invalid, 2 unusable input.
 */
function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`unexpected argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const name of ['events', 'checkpoint', 'keys']) if (!out[name]) throw new Error(`--${name} is required`);
  return out;
}

/** A checkpoint file: the object itself, a GraphQL answer holding it, or JSON Lines (the first line). */
function readCheckpoint(path: string): SignedCheckpoint {
  const text = readFileSync(path, 'utf8').trim();
  const value = JSON.parse(text.includes('\n') && !text.startsWith('{\n') ? text.split('\n')[0] : text);
  return value?.data?.auditCheckpoint ?? value;
}

export async function verifyExport(options: {
  events: string;
  checkpoint: string;
  keys: string;
  kept?: string;
}): Promise<Verification & { treeSize: number; authority: string }> {
  const keys = JSON.parse(readFileSync(options.keys, 'utf8')) as JwkSet;
  const checkpoint = verifyCheckpoint(readCheckpoint(options.checkpoint), keys);
  const kept: CheckpointStatement[] = [];
  if (options.kept) {
    for (const line of readFileSync(options.kept, 'utf8')
      .split('\n')
      .filter((l) => l.trim())) {
      try {
        const statement = verifyCheckpoint(JSON.parse(line), keys);
        if (statement.authority === checkpoint.authority) kept.push(statement);
      } catch {
        // an unsigned or foreign line vouches for nothing
      }
    }
  }
  const verifier = new LogVerifier([checkpoint.treeSize, ...kept.map((c) => c.treeSize)]);
  const lines = createInterface({ input: createReadStream(options.events, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const e = JSON.parse(line) as LoggedEvent & { at: string };
    if (!verifier.add({ ...e, at: new Date(e.at) })) break;
  }
  // The export ends where the log ended: no head to compare with but the file itself.
  return {
    authority: checkpoint.authority,
    treeSize: checkpoint.treeSize,
    ...verifier.againstCheckpoint(checkpoint, kept, null),
  };
}

if (require.main === module) {
  (async () => {
    try {
      const result = await verifyExport(args(process.argv.slice(2)) as never);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(result.valid ? 0 : 1);
    } catch (error) {
      const message =
        error instanceof CheckpointRejected ? `checkpoint ${error.field} ${error.message}` : (error as Error).message;
      process.stderr.write(`audit:verify: ${message}\n`);
      process.exit(2);
    }
  })();
}
