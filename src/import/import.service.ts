import { INestApplicationContext, Type as Constructor } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { OPERATION_POLICY } from '../auth/operation-policy';
import { CurrentUser } from '../auth/principal';
import { Role } from '../auth/role';
import { Clock } from '../clock/clock';
import { DomainError } from '../common/errors';
import { inputValidationPipe } from '../common/validation';
import { ConferenceHeldService } from '../conferences/conference-held.service';
import {
  RecordConferenceHeldInput,
  RequestInitialConferenceInput,
  RequestTransferInConferenceInput,
  ScheduleConferenceInput,
} from '../conferences/conference.inputs';
import { ConferenceService } from '../conferences/conference.service';
import { DirectoryService } from '../directory/directory.service';
import { RegisterChildInput } from '../directory/directory.types';
import { EscalationService } from '../escalations/escalation.service';
import { RaiseEscalationInput } from '../escalations/escalation.types';
import { WorkflowService } from '../workflow/workflow.service';
import { inBatch } from './batch-transaction';
import {
  ChildLine,
  ConferenceLine,
  EscalationLine,
  ImportLine,
  LineProblem,
  parseLine,
  PlanLine,
  RecordType,
} from './import-format';

/** Lines per transaction unless the caller says otherwise (docs/import.md). */
export const DEFAULT_BATCH_LINES = 500;

export interface ImportOptions {
  /** the authority's code (as in its tokens) */
  authority: string;
  /** the subject of an ADMIN of the authority: child lines are registered as them */
  actor: string;
  batchLines?: number;
  /** called after each batch, committed or not */
  onBatch?: (batch: BatchResult) => void;
}

export interface ImportProblem {
  line: number;
  reason: string;
}

export interface BatchResult {
  firstLine: number;
  lastLine: number;
  committed: boolean;
  imported: number;
  alreadyImported: number;
  problems: ImportProblem[];
}

export interface ImportReport {
  lines: number;
  batches: number;
  failedBatches: number;
  /** lines written, in committed batches */
  imported: number;
  /** lines whose ref was imported before (or earlier in the file): nothing written */
  alreadyImported: number;
  /** lines of failed batches, not written (fix the problems and import the file again) */
  notWritten: number;
  problems: ImportProblem[];
  seconds: number;
}

type Staff = CurrentUser;
type ChildRef = (ref: string, fieldName: string) => string;
const refKey = (type: RecordType, ref: string) => JSON.stringify([type, ref]);

const OPERATION: Record<RecordType, string[]> = {
  child: ['registerChild'],
  plan: ['requestInitialConference', 'scheduleConference', 'recordConferenceHeld'],
  conference: ['requestInitialConference', 'scheduleConference', 'recordConferenceHeld'],
  escalation: ['raiseEscalation'],
};

/**
 * The bulk import (and the fast seed): JSON Lines records applied through the domain services'
 * own commands, many per transaction (batch-transaction.ts). Every rule of the API holds: the
 * inputs pass the API's ValidationPipe and scalars, the operation policy's roles are checked for
 * the person named on the line, the services check references, dates (by the Clock), statuses
 * and timescales, and every change is audited in the authority's chain. A batch is one
 * transaction: one bad line and nothing of its batch is written.
 */
export class ImportService {
  private readonly pipe = inputValidationPipe();
  private readonly staffCache = new Map<string, Staff>();
  private readonly teamCache = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly directory: DirectoryService,
    private readonly conferences: ConferenceService,
    private readonly held: ConferenceHeldService,
    private readonly escalations: EscalationService,
    private readonly workflow: WorkflowService,
  ) {}

  /** The service from a running application's container. */
  static from(app: INestApplicationContext): ImportService {
    return new ImportService(
      app.get(DataSource),
      app.get(AuditService),
      app.get<Clock>(Clock),
      app.get(DirectoryService),
      app.get(ConferenceService),
      app.get(ConferenceHeldService),
      app.get(EscalationService),
      app.get(WorkflowService),
    );
  }

  async importLines(lines: AsyncIterable<string> | Iterable<string>, options: ImportOptions): Promise<ImportReport> {
    const started = performance.now();
    // Take the iterator before the first await: a readline interface drops the lines (and its end)
    // that it reads before anyone iterates it.
    const source = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
    const size = options.batchLines ?? DEFAULT_BATCH_LINES;
    if (!Number.isInteger(size) || size < 1) throw new Error('the batch size must be a positive whole number');
    const authorityId = await this.authorityId(options.authority);
    const report: ImportReport = {
      lines: 0,
      batches: 0,
      failedBatches: 0,
      imported: 0,
      alreadyImported: 0,
      notWritten: 0,
      problems: [],
      seconds: 0,
    };
    let pending: { line: number; text: string }[] = [];
    const flush = async () => {
      if (!pending.length) return;
      const result = await this.applyBatch(authorityId, options, pending);
      pending = [];
      report.batches++;
      if (!result.committed) {
        report.failedBatches++;
        report.notWritten += result.lastLine - result.firstLine + 1;
      }
      report.imported += result.imported;
      report.alreadyImported += result.alreadyImported;
      report.problems.push(...result.problems);
      options.onBatch?.(result);
    };
    for (let next = await source.next(); !next.done; next = await source.next()) {
      const text = next.value;
      report.lines++;
      if (!text.trim()) continue; // blank lines are allowed and skipped
      pending.push({ line: report.lines, text });
      if (pending.length >= size) await flush();
    }
    await flush();
    report.seconds = (performance.now() - started) / 1000;
    return report;
  }

  /** One batch: every line checked first, then applied in one transaction, all or nothing. */
  private async applyBatch(
    authorityId: string,
    options: ImportOptions,
    lines: { line: number; text: string }[],
  ): Promise<BatchResult> {
    const result: BatchResult = {
      firstLine: lines[0].line,
      lastLine: lines[lines.length - 1].line,
      committed: false,
      imported: 0,
      alreadyImported: 0,
      problems: [],
    };
    const parsed: { line: number; record: ImportLine }[] = [];
    for (const { line, text } of lines) {
      try {
        const record = parseLine(text);
        this.checkDates(record);
        parsed.push({ line, record });
      } catch (error) {
        result.problems.push({ line, reason: reasonOf(error) });
      }
    }
    if (result.problems.length) return result;
    let current = parsed[0].line;
    try {
      const counts = await inBatch(this.dataSource, (manager) =>
        // The batch's audit events are written together at its end: the authority's chain head is
        // locked once per batch, for the last statements before the commit. Its outbox rows too,
        // in one statement before them.
        this.audit.appendingLast(manager, () =>
          this.workflow.enqueuingLast(manager, async () => {
            const refs = await this.knownRefs(
              manager,
              authorityId,
              parsed.map((p) => p.record),
            );
            const made: { type: RecordType; ref: string; id: string }[] = [];
            // Plan lines: the plan each conference started, read for all of them in one statement.
            const plans: { line: number; made: number; conferenceId: string; childId: string }[] = [];
            let already = 0;
            for (const { line, record } of parsed) {
              current = line;
              const key = refKey(record.type, record.ref);
              if (refs.has(key)) {
                already++;
                continue;
              }
              const id = await this.apply(manager, authorityId, options, record, refs);
              refs.set(key, id);
              if (record.type === 'plan')
                plans.push({
                  line,
                  made: made.length,
                  conferenceId: id,
                  childId: refs.get(refKey('child', record.child))!,
                });
              made.push({ type: record.type, ref: record.ref, id });
            }
            current = parsed[parsed.length - 1].line;
            for (const p of await this.startedPlans(manager, authorityId, plans)) {
              current = p.line;
              if (!p.planId) throw new LineProblem('the conference did not start a plan');
              made[p.made].id = p.planId;
            }
            current = parsed[parsed.length - 1].line;
            if (made.length) {
              await manager.query(
                'INSERT INTO import_reference (authority_id, record_type, external_ref, entity_id) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::uuid[])',
                [authorityId, made.map((m) => m.type), made.map((m) => m.ref), made.map((m) => m.id)],
              );
            }
            return { imported: made.length, already };
          }),
        ),
      );
      result.committed = true;
      result.imported = counts.imported;
      result.alreadyImported = counts.already;
    } catch (error) {
      result.problems.push({ line: current, reason: reasonOf(error) });
      // Staff and teams read inside a rolled-back batch may not exist: read them afresh.
      this.staffCache.clear();
      this.teamCache.clear();
    }
    return result;
  }

  /** Dates that record what happened must not be after the Clock's today (the services check again). */
  private checkDates(record: ImportLine): void {
    const today = this.clock.today();
    const past = (name: string, value: string | null | undefined) => {
      if (value && value > today) throw new LineProblem(`${name} must not be in the future`);
    };
    if (record.type === 'child') past('dateOfBirth', record.dateOfBirth);
    if (record.type === 'plan') {
      past('startDate', record.startDate);
      past('strategyDiscussionDate', record.strategyDiscussionDate);
    }
    if (record.type === 'conference') {
      past('clockStart', record.clockStart);
      past('held.heldOn', record.held?.heldOn);
    }
    if (record.type === 'escalation') past('raisedOn', record.raisedOn);
  }

  /** The batch's own refs, and the children its lines name, that were imported before: one statement. */
  private async knownRefs(
    manager: EntityManager,
    authorityId: string,
    records: ImportLine[],
  ): Promise<Map<string, string>> {
    const wanted = new Set<string>();
    for (const r of records) {
      wanted.add(refKey(r.type, r.ref));
      for (const child of r.type === 'conference' ? r.children : r.type === 'child' ? [] : [r.child])
        wanted.add(refKey('child', child));
    }
    const keys = [...wanted].map((k) => JSON.parse(k) as [RecordType, string]);
    const rows: { record_type: RecordType; external_ref: string; entity_id: string }[] = await manager.query(
      'SELECT record_type, external_ref, entity_id FROM import_reference WHERE authority_id = $1 AND (record_type, external_ref) IN (SELECT * FROM unnest($2::text[], $3::text[]))',
      [authorityId, keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
    return new Map(rows.map((r) => [refKey(r.record_type, r.external_ref), r.entity_id]));
  }

  /** Applies one line; returns the id of the record it made (for a plan line: its conference's, see startedPlans). */
  private async apply(
    manager: EntityManager,
    authorityId: string,
    options: ImportOptions,
    record: ImportLine,
    refs: Map<string, string>,
  ): Promise<string> {
    const childRef = (ref: string, fieldName: string) => {
      const id = refs.get(refKey('child', ref));
      if (!id)
        throw new LineProblem(
          `${fieldName}: no child line with ref ${ref} was imported (earlier in this file or before)`,
        );
      return id;
    };
    switch (record.type) {
      case 'child':
        return this.child(manager, authorityId, options, record);
      case 'plan':
        return this.plan(manager, authorityId, record, childRef);
      case 'conference':
        return this.conference(manager, authorityId, record, childRef);
      case 'escalation':
        return this.escalation(manager, authorityId, record, childRef);
    }
  }

  private async child(
    manager: EntityManager,
    authorityId: string,
    options: ImportOptions,
    line: ChildLine,
  ): Promise<string> {
    const user = await this.staff(
      manager,
      authorityId,
      options.authority,
      options.actor,
      "the import's actor",
      'child',
    );
    const input = await this.valid(RegisterChildInput, {
      caseReference: line.caseReference,
      name: line.name,
      dateOfBirth: line.dateOfBirth,
      expectedDateOfBirth: line.expectedDateOfBirth,
      teamId: await this.team(manager, authorityId, line.team),
      socialWorkerId: line.socialWorker
        ? (await this.staff(manager, authorityId, options.authority, line.socialWorker, 'socialWorker')).staffId
        : null,
    });
    return this.directory.registerChild(user, input, null);
  }

  private async plan(manager: EntityManager, authorityId: string, line: PlanLine, childRef: ChildRef): Promise<string> {
    const chair = await this.staff(manager, authorityId, '', line.chair, 'chair', 'plan');
    const childId = childRef(line.child, 'child');
    const conferenceId = await this.conferences.requestInitial(
      chair,
      await this.valid(RequestInitialConferenceInput, {
        childIds: [childId],
        strategyDiscussionDate: line.strategyDiscussionDate,
      }),
      null,
    );
    await this.conferences.schedule(
      chair,
      await this.valid(ScheduleConferenceInput, {
        conferenceId,
        scheduledFor: new Date(`${line.startDate}T10:00:00Z`),
      }),
    );
    await this.held.record(
      chair,
      await this.valid(RecordConferenceHeldInput, {
        conferenceId,
        heldOn: line.startDate,
        delayReason: line.delayReason,
        outcomes: [{ childId, decision: 'PLAN_STARTED', category: line.category }],
      }),
    );
    // The plan's id is read with the batch's other plans' (startedPlans), in one statement.
    return conferenceId;
  }

  /** The plan each plan line's conference started for its child (null: none), in the lines' order. */
  private async startedPlans<T extends { conferenceId: string; childId: string }>(
    manager: EntityManager,
    authorityId: string,
    plans: T[],
  ): Promise<(T & { planId: string | null })[]> {
    if (!plans.length) return [];
    const rows: { conference_id: string; child_id: string; plan_id: string | null }[] = await manager.query(
      'SELECT conference_id, child_id, plan_id FROM conference_child WHERE authority_id = $1 AND (conference_id, child_id) IN (SELECT * FROM unnest($2::uuid[], $3::uuid[]))',
      [authorityId, plans.map((p) => p.conferenceId), plans.map((p) => p.childId)],
    );
    const planOf = new Map(rows.map((r) => [`${r.conference_id}:${r.child_id}`, r.plan_id]));
    return plans.map((p) => ({ ...p, planId: planOf.get(`${p.conferenceId}:${p.childId}`) ?? null }));
  }

  private async conference(
    manager: EntityManager,
    authorityId: string,
    line: ConferenceLine,
    childRef: ChildRef,
  ): Promise<string> {
    const chair = await this.staff(manager, authorityId, '', line.chair, 'chair', 'conference');
    const childIds = line.children.map((ref, i) => childRef(ref, `children[${i}]`));
    const conferenceId =
      line.kind === 'INITIAL'
        ? await this.conferences.requestInitial(
            chair,
            await this.valid(RequestInitialConferenceInput, { childIds, strategyDiscussionDate: line.clockStart }),
            null,
          )
        : await this.conferences.request(
            chair,
            'TRANSFER_IN',
            (await this.valid(RequestTransferInConferenceInput, { childIds, transferNotifiedOn: line.clockStart }))
              .childIds,
            line.clockStart,
            null,
          );
    const held = line.held;
    if (held && !line.scheduledFor) throw new LineProblem('scheduledFor is required for a held conference');
    if (line.scheduledFor)
      await this.conferences.schedule(
        chair,
        await this.valid(ScheduleConferenceInput, { conferenceId, scheduledFor: line.scheduledFor }),
      );
    if (held) {
      const childOf = async (ref: string, at: string) => {
        const k = line.children.indexOf(ref);
        if (k < 0) throw new LineProblem(`${at}: ${ref} is not one of the conference's children`);
        return childIds[k];
      };
      const outcomes = [];
      for (const [i, o] of held.outcomes.entries())
        outcomes.push({
          childId: await childOf(o.child, `held.outcomes[${i}].child`),
          decision: o.decision,
          category: o.category,
          endReason: o.endReason,
        });
      const participation = [];
      for (const [i, p] of (held.participation ?? []).entries())
        participation.push({
          childId: await childOf(p.child, `held.participation[${i}].child`),
          attended: p.attended,
          viewsShared: p.viewsShared,
        });
      await this.held.record(
        chair,
        await this.valid(RecordConferenceHeldInput, {
          conferenceId,
          heldOn: held.heldOn,
          outcomes,
          participation: held.participation ? participation : null,
          attendance: held.attendance,
          delayReason: held.delayReason,
          inquorateProceedReason: held.inquorateProceedReason,
        }),
      );
    }
    return conferenceId;
  }

  private async escalation(
    manager: EntityManager,
    authorityId: string,
    line: EscalationLine,
    childRef: ChildRef,
  ): Promise<string> {
    const chair = await this.staff(manager, authorityId, '', line.raisedBy, 'raisedBy', 'escalation');
    const childId = childRef(line.child, 'child');
    return this.escalations.raise(
      chair,
      await this.valid(RaiseEscalationInput, {
        childId,
        raisedOn: line.raisedOn,
        stage: line.stage,
        concern: line.concern,
        summary: line.summary,
      }),
      null,
    );
  }

  /** The API's own ValidationPipe on the API's input class: the same messages as a BAD_USER_INPUT. */
  private valid<T>(type: Constructor<T>, value: Record<string, unknown>): Promise<T> {
    return this.pipe.transform(value, { type: 'body', metatype: type }) as Promise<T>;
  }

  private async authorityId(code: string): Promise<string> {
    const [row]: { id: string }[] = await this.dataSource.query('SELECT id FROM authority WHERE code = $1', [code]);
    if (!row)
      throw new Error(
        `No authority with code ${code}: its staff sign in (or npm run seed creates it) before an import`,
      );
    return row.id;
  }

  private async team(manager: EntityManager, authorityId: string, name: string): Promise<string> {
    const cached = this.teamCache.get(`${authorityId}:${name}`);
    if (cached) return cached;
    const [row]: { id: string }[] = await manager.query(
      'SELECT id FROM team WHERE authority_id = $1 AND lower(name) = lower($2)',
      [authorityId, name],
    );
    if (!row) throw new LineProblem(`team: no team of that name in the authority`);
    this.teamCache.set(`${authorityId}:${name}`, row.id);
    return row.id;
  }

  /** A staff member of the authority by subject, as the CurrentUser the services take; with `type`, one whose roles may do that line's operations. */
  private async staff(
    manager: EntityManager,
    authorityId: string,
    code: string,
    subject: string,
    fieldName: string,
    type?: RecordType,
  ): Promise<Staff> {
    const key = `${authorityId}:${subject}`;
    let user = this.staffCache.get(key);
    if (!user) {
      const [row]: { id: string; name: string; roles: Role[]; team_id: string | null }[] = await manager.query(
        'SELECT id, name, roles, team_id FROM staff_member WHERE authority_id = $1 AND subject = $2',
        [authorityId, subject],
      );
      if (!row) throw new LineProblem(`${fieldName}: no staff member with that subject in the authority`);
      user = {
        subject,
        name: row.name,
        roles: row.roles,
        authority: code,
        staffId: row.id,
        authorityId,
        teamId: row.team_id,
      };
      this.staffCache.set(key, user);
    }
    for (const operation of type ? OPERATION[type] : []) {
      const rule = OPERATION_POLICY[`Mutation.${operation}`];
      if (rule && rule.roles !== 'ANY_ROLE' && !rule.roles.some((r) => user.roles.includes(r))) {
        throw new LineProblem(`${fieldName}: the staff member may not ${operation} (needs ${rule.roles.join(' or ')})`);
      }
    }
    return user;
  }
}

/** A problem's reason for the report: the service's own message, never a statement's parameters. */
function reasonOf(error: unknown): string {
  if (error instanceof LineProblem) return error.reason;
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  // A database error's message names the constraint, not the values (those are in its detail).
  if (error instanceof Error) return `unexpected ${error.name}: ${error.message.slice(0, 200)}`;
  return 'unexpected error';
}
