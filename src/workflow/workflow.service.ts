import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { authorityRuns, WritesAtEnd } from '../common/writes-at-end';
import { AuditService } from '../audit/audit.service';
import { conflict, invalidTransition, notFound } from '../common/errors';
import { decide } from './decide';
import { actionFor, createdAction, Machine } from './machine';

export interface Notification {
  recipientId: string;
  topic: string;
  payload: Record<string, unknown>;
}

export interface TransitionCommand {
  id: string;
  authorityId: string;
  operation: string;
  actorId: string | null;
  expectedVersion?: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
  /** further columns to set with the status, e.g. { held_on: '2026-03-02' } */
  set?: Record<string, unknown>;
  notify?: Notification[];
  /** the audit action when it differs from the machine's (e.g. RESCHEDULED) */
  action?: string;
}

/** A table with id, authority_id, version and updated_at, named in audit events as `entity`. */
export interface Versioned {
  entity: string;
  table: string;
}

export interface UpdateCommand {
  id: string;
  authorityId: string;
  /** the record's own plain columns to set, e.g. { due_by: '2026-03-02' } */
  set?: Record<string, unknown>;
  expectedVersion?: number | null;
  /** the audit event of the change; `withStatus` records the (unchanged) status as from and to */
  audit:
    | {
        actorId: string | null;
        action: string;
        reason?: string | null;
        details?: Record<string, unknown>;
        withStatus?: boolean;
      }
    | false;
}

/** An outbox row as enqueued (its payload already JSON). */
interface OutboxRow {
  authorityId: string;
  recipientId: string;
  topic: string;
  payload: string;
}

/** 4 parameters a row: well under the protocol's 65,535. */
const OUTBOX_ROWS_PER_STATEMENT = 1000;

const COLUMN = /^[a-z_][a-z0-9_]*$/;
// Owned by the engine: `set` may not move a record to another authority or forge its state.
const ENGINE_COLUMNS = new Set(['id', 'authority_id', 'status', 'version', 'updated_at']);

/**
 * The one engine for every state machine. In the caller's transaction: a compare-and-set UPDATE
 * (status, and version when the client sent one), the audit event, and the outbox rows.
 * TypeORM's save() is never used for transitions: it does not guard against lost updates.
 */
@Injectable()
export class WorkflowService {
  /** Transactions whose outbox rows wait to be written at their end (enqueuingLast), by their runner. */
  private readonly deferred = new WritesAtEnd<OutboxRow>('WorkflowService.enqueuingLast');

  constructor(private readonly audit: AuditService) {}

  async transition<T = Record<string, unknown>>(
    manager: EntityManager,
    machine: Machine,
    cmd: TransitionCommand,
    table = machine.table,
  ): Promise<T> {
    if (!Object.prototype.hasOwnProperty.call(machine.transitions, cmd.operation))
      throw new Error(`${machine.entity} has no operation ${cmd.operation}`);
    const rule = machine.transitions[cmd.operation];
    const params: unknown[] = [cmd.id, cmd.authorityId, rule.to, rule.from];
    const sets = ['status = $3', 'version = t.version + 1', 'updated_at = now()'];
    for (const [column, value] of Object.entries(cmd.set ?? {})) {
      if (!COLUMN.test(column) || ENGINE_COLUMNS.has(column))
        throw new Error(`bad column ${column}: set may name only the record's own plain columns`);
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    let versionGuard = '';
    if (cmd.expectedVersion != null) {
      params.push(cmd.expectedVersion);
      versionGuard = ` AND t.version = $${params.length}`;
    }
    // The CTE locks the row and remembers the status it is leaving, for the audit event.
    const rows = returnedRows<T & { transition_from: string }>(
      await manager.query(
        `WITH old AS (SELECT id, status AS from_status FROM ${table} WHERE id = $1 AND authority_id = $2 FOR UPDATE)
       UPDATE ${table} t SET ${sets.join(', ')} FROM old
       WHERE t.id = old.id AND t.status = ANY($4)${versionGuard} RETURNING t.*, old.from_status AS transition_from`,
        params,
      ),
    );
    const updated = rows[0];
    if (!updated) throw await this.whyNot(manager, machine, cmd, table);
    const { transition_from: fromStatus, ...record } = updated;
    await this.audit.append(manager, {
      authorityId: cmd.authorityId,
      actorId: cmd.actorId,
      entityType: machine.entity,
      entityId: cmd.id,
      action: cmd.action ?? actionFor(machine, cmd.operation),
      fromStatus,
      toStatus: rule.to,
      reason: cmd.reason ?? null,
      details: cmd.details ?? null,
    });
    await this.enqueue(manager, cmd.authorityId, cmd.notify);
    return record as T;
  }

  /**
   * A versioned change that is not a status transition (a due date recomputed, a child removed
   * from a review, a breach flagged): the same compare-and-set as `transition`, on version when
   * the caller read one, bumping version and updated_at, with the audit event in the same
   * transaction. `audit: false` only where the caller's next step records the change itself
   * (e.g. the automatic escalation that follows a breach).
   */
  async update<T = Record<string, unknown>>(
    manager: EntityManager,
    target: Versioned,
    cmd: UpdateCommand,
  ): Promise<T & { status?: string; version: number }> {
    const params: unknown[] = [cmd.id, cmd.authorityId];
    const sets = ['version = version + 1', 'updated_at = now()'];
    for (const [column, value] of Object.entries(cmd.set ?? {})) {
      if (!COLUMN.test(column) || ENGINE_COLUMNS.has(column))
        throw new Error(`bad column ${column}: set may name only the record's own plain columns`);
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    let versionGuard = '';
    if (cmd.expectedVersion != null) {
      params.push(cmd.expectedVersion);
      versionGuard = ` AND version = $${params.length}`;
    }
    const [row] = returnedRows<T & { status?: string; version: number }>(
      await manager.query(
        `UPDATE ${plainTable(target.table)} SET ${sets.join(', ')} WHERE id = $1 AND authority_id = $2${versionGuard} RETURNING *`,
        params,
      ),
    );
    if (!row) throw await this.whyNotUpdated(manager, target, cmd);
    if (cmd.audit !== false) {
      await this.audit.append(manager, {
        authorityId: cmd.authorityId,
        actorId: cmd.audit.actorId,
        entityType: target.entity,
        entityId: cmd.id,
        action: cmd.audit.action,
        ...(cmd.audit.withStatus ? { fromStatus: row.status ?? null, toStatus: row.status ?? null } : {}),
        reason: cmd.audit.reason ?? null,
        details: cmd.audit.details ?? null,
      });
    }
    return row;
  }

  /** Records the creation of a record of this machine: its audit event and notifications. */
  async created(
    manager: EntityManager,
    machine: Machine,
    cmd: {
      id: string;
      authorityId: string;
      actorId: string | null;
      details?: Record<string, unknown>;
      status?: string;
      notify?: Notification[];
    },
  ): Promise<void> {
    await this.audit.append(manager, {
      authorityId: cmd.authorityId,
      actorId: cmd.actorId,
      entityType: machine.entity,
      entityId: cmd.id,
      action: createdAction(machine),
      fromStatus: null,
      toStatus: cmd.status ?? machine.initial,
      details: cmd.details ?? null,
    });
    await this.enqueue(manager, cmd.authorityId, cmd.notify);
  }

  async enqueue(manager: EntityManager, authorityId: string, notify: Notification[] | undefined): Promise<void> {
    if (!notify?.length) return;
    const rows = notify.map((n) => ({
      authorityId,
      recipientId: n.recipientId,
      topic: n.topic,
      payload: JSON.stringify(n.payload),
    }));
    const queue = this.deferred.queueOf(manager);
    if (queue) queue.push(...rows);
    else await this.writeOutbox(manager, rows);
  }

  /**
   * Runs `work` (a transaction's body) with its outbox rows written together at its end, in the
   * order enqueued: one statement per authority instead of one per command. For the bulk import's
   * batches (issue 17), many commands in one transaction: the rows, their order and their NOTIFY
   * (delivered at commit, and only once per payload in a transaction anyway) are those of the
   * commands one by one. Nested calls join the outer one.
   */
  async enqueuingLast<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    return this.deferred.run(manager, work, async (queue) => {
      for (const run of authorityRuns(queue, (r) => r.authorityId, OUTBOX_ROWS_PER_STATEMENT))
        await this.writeOutbox(manager, run);
    });
  }

  /** Outbox rows of one authority. */
  private async writeOutbox(manager: EntityManager, rows: OutboxRow[]): Promise<void> {
    const authorityId = rows[0].authorityId;
    const values: unknown[] = [];
    const tuples = rows.map((r, i) => {
      values.push(authorityId, r.recipientId, r.topic, r.payload);
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
    });
    // One statement (a data-modifying WITH always runs to completion): a command that notifies does it
    // late, under its authority's locks (the audit head, raiseEscalation's reference counter), so a
    // round trip saved here is saved for every command of the authority queued behind it.
    // The NOTIFY is delivered to listeners only when (and if) the transaction commits.
    values.push(authorityId);
    await manager.query(
      `WITH queued AS (INSERT INTO outbox_message (authority_id, recipient_id, topic, payload) VALUES ${tuples.join(', ')}) SELECT pg_notify('outbox', $${values.length})`,
      values,
    );
  }

  private async whyNotUpdated(manager: EntityManager, target: Versioned, cmd: UpdateCommand): Promise<Error> {
    const [row]: { version: number }[] = await manager.query(
      `SELECT version FROM ${target.table} WHERE id = $1 AND authority_id = $2`,
      [cmd.id, cmd.authorityId],
    );
    if (!row) return notFound(target.entity, cmd.id);
    return conflict(
      `${target.entity} ${cmd.id} is at version ${row.version}, not ${cmd.expectedVersion}; reload and try again`,
      { currentVersion: row.version },
    );
  }

  private async whyNot(
    manager: EntityManager,
    machine: Machine,
    cmd: TransitionCommand,
    table: string,
  ): Promise<Error> {
    const [row]: { status: string; version: number }[] = await manager.query(
      `SELECT status, version FROM ${table} WHERE id = $1 AND authority_id = $2`,
      [cmd.id, cmd.authorityId],
    );
    if (!row) return notFound(machine.entity, cmd.id);
    if (cmd.expectedVersion != null && row.version !== cmd.expectedVersion) {
      return conflict(
        `${machine.entity} ${cmd.id} is at version ${row.version}, not ${cmd.expectedVersion}; reload and try again`,
        { currentVersion: row.version },
      );
    }
    // The row exists at the expected version, so the machine refused: say why in its terms.
    const decision = decide(machine, row.status, cmd.operation);
    return decision.allowed
      ? conflict(`${machine.entity} ${cmd.id} changed meanwhile; reload and try again`, { currentVersion: row.version })
      : invalidTransition(row.status, cmd.operation, machine.entity);
  }
}

function plainTable(table: string): string {
  // Interpolated into SQL: a plain identifier only (machines are checked when defined).
  if (!COLUMN.test(table)) throw new Error(`${table} is not a plain table name`);
  return table;
}

/** TypeORM hands back UPDATE ... RETURNING as [rows, count] and SELECT as rows. */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
