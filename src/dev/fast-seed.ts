import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { addCalendarDays, addCalendarMonths, englandAndWales as cal, type IsoDate } from '../calendar/working-calendar';
import { Clock } from '../clock/clock';
import { CONCERNS } from '../escalations/escalation.types';
import { ImportService } from '../import/import.service';
import { Cast, buildCast } from './demo-cast';
import { DemoClient, pool, ProgressBar } from './demo-client';
import { analyzeAsOwner } from './demo-seed';
import { CATEGORIES, FIRST, LAST } from './demo-stories';

// The fast seed (issue 17): the authority's people through the API (a few dozen requests), then
// its children, plans, conferences and open escalations as import lines (docs/import.md), applied
// by the bulk import through the domain services in batched transactions: every rule and audit
// event holds as through the API, without a GraphQL request per change.

/** ANALYZE after this many lines, then each time the lines double (as autovacuum's scale factor would). */
const ANALYZE_FIRST_AFTER_LINES = 5_000;

/**
 * One child's import lines, deterministic by index and relative to `today`: the child; then an
 * open initial conference (1 in 10), an initial conference held without a plan (1 in 7 of the
 * rest), or a plan started at an initial conference (on time, or late with a reason, 1 in 4);
 * and an open escalation for 1 in 3 (stage 2 for 1 in 9 of those).
 */
export function seedLines(today: IsoDate, cast: Cast, i: number, prefix: string): Record<string, unknown>[] {
  const wd = (n: number) => cal.addWorkingDays(today, -n);
  const team = cast.teams[i % cast.teams.length];
  const sw = team.socialWorkers[i % team.socialWorkers.length];
  const chair = cast.chairs[i % cast.chairs.length].subject;
  const ref = `${prefix}-${String(i + 1).padStart(6, '0')}`;
  const unborn = i % 19 === 7;
  const age = i % 7 === 3 ? 2 + (i % 3) : 6 + (i % 11);
  const lines: Record<string, unknown>[] = [
    {
      type: 'child',
      ref,
      name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
      team: team.name,
      socialWorker: sw.subject,
      ...(unborn
        ? { expectedDateOfBirth: addCalendarDays(today, 40 + (i % 50)) }
        : { dateOfBirth: addCalendarDays(addCalendarMonths(today, -12 * age), -((i * 13) % 300)) }),
    },
  ];
  if (i % 10 === 9) {
    const scheduled = i % 20 === 9;
    lines.push({
      type: 'conference',
      ref: `${ref}-ICPC`,
      kind: 'INITIAL',
      children: [ref],
      clockStart: wd(3 + (i % 6)),
      chair,
      ...(scheduled ? { scheduledFor: `${cal.addWorkingDays(today, 4)}T10:00:00Z` } : {}),
    });
  } else {
    const s = 22 + ((i * 37) % 210);
    const late = i % 4 === 1;
    const heldOn = late ? cal.addWorkingDays(wd(s), 17 + (i % 5)) : cal.addWorkingDays(wd(s), 15 - (i % 6));
    if (i % 7 === 5) {
      lines.push({
        type: 'conference',
        ref: `${ref}-ICPC`,
        kind: 'INITIAL',
        children: [ref],
        clockStart: wd(s),
        chair,
        scheduledFor: `${heldOn}T10:00:00Z`,
        held: {
          heldOn,
          outcomes: [{ child: ref, decision: 'NO_PLAN' }],
          delayReason: late ? 'Police and health reports were not ready' : undefined,
        },
      });
    } else {
      lines.push({
        type: 'plan',
        ref: `${ref}-CPP`,
        child: ref,
        category: CATEGORIES[i % CATEGORIES.length],
        strategyDiscussionDate: wd(s),
        startDate: heldOn,
        chair,
        delayReason: late ? 'Police and health reports were not ready' : undefined,
      });
    }
  }
  if (i % 3 === 0) {
    lines.push({
      type: 'escalation',
      ref: `${ref}-ESC`,
      child: ref,
      raisedBy: chair,
      raisedOn: wd(1 + (i % 9)),
      stage: i % 9 === 0 ? 2 : 1,
      concern: CONCERNS[i % CONCERNS.length],
      summary: 'The plan is not progressing and the risks are not being addressed.',
    });
  }
  return lines;
}

export interface FastSeedOptions {
  authority: string;
  children: number;
  teams?: number;
  casePrefix?: string;
  /** children per transaction (default 200: about 470 import lines) */
  batchChildren?: number;
  /** transactions in flight (default 4): they overlap until their escalations, audit events and commit */
  concurrency?: number;
  progress?: boolean;
  /** the authority's people, when they were made already (e.g. for a seed told partly through the API) */
  cast?: Cast;
}

export interface FastSeedResult {
  children: number;
  lines: number;
  batches: number;
  seconds: number;
}

/**
 * Seeds an authority through the bulk import (docs/import.md); throws on the first problem. The
 * children are cut into batches of `batchChildren`, each imported as one transaction, `concurrency`
 * at a time; a batch's escalations come last, so the authority's escalation reference counter
 * (and, at the commit, its audit chain head) is held only for the batch's tail.
 */
export async function seedAuthorityFast(
  app: NestFastifyApplication,
  secret: string,
  options: FastSeedOptions,
): Promise<FastSeedResult> {
  const started = performance.now();
  const cast = options.cast ?? (await buildCast(new DemoClient(app, secret), options.authority, options.teams ?? 3));
  const today = app.get(Clock).today();
  const prefix = options.casePrefix ?? options.authority.toUpperCase();
  const size = options.batchChildren ?? 200;
  const bar = options.progress === false ? null : new ProgressBar(options.children, `Seeding ${options.authority}`);
  const importer = ImportService.from(app);
  const dataSource = app.get(DataSource);
  const chunks = Array.from({ length: Math.ceil(options.children / size) }, (_, k) => k * size);
  let lines = 0;
  let nextAnalyze = ANALYZE_FIRST_AFTER_LINES;
  let analyzing: Promise<unknown> | null = null;
  await pool(chunks, options.concurrency ?? 4, async (first) => {
    const records: Record<string, unknown>[] = [];
    for (let i = first; i < Math.min(first + size, options.children); i++)
      records.push(...seedLines(today, cast, i, prefix));
    records.sort((a, b) => Number(a.type === 'escalation') - Number(b.type === 'escalation'));
    const report = await importer.importLines(
      records.map((r) => JSON.stringify(r)),
      { authority: options.authority, actor: cast.admin.subject, batchLines: records.length },
    );
    if (report.problems.length) throw new Error(`seed: child ${first + 1}..: ${report.problems[0].reason}`);
    lines += report.lines;
    bar?.tick(Math.min(first + size, options.children) - first);
    // A bulk load outruns autovacuum's statistics, and stale ones pick authority-wide scans. Each
    // ANALYZE reads the whole database (3 s at 20,000 children here), hence at doubling sizes.
    if (lines >= nextAnalyze && !analyzing) {
      nextAnalyze = lines * 2;
      analyzing = analyzeAsOwner(dataSource).finally(() => (analyzing = null));
    }
  });
  await analyzing;
  await analyzeAsOwner(dataSource);
  return { children: options.children, lines, batches: chunks.length, seconds: (performance.now() - started) / 1000 };
}
