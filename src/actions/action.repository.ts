import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../workflow/workflow.service';
import { ActionSource, ActionStatus } from './action.entity';
import { JsonColumns } from '../common/json-row';
import { ReadDb, ReadPool } from '../common/read-pool';

/** An agreed action as recorded (the action table). */
export interface ActionRecord {
  id: string;
  authorityId: string;
  source: ActionSource;
  subjectType: string;
  subjectId: string;
  childId: string;
  planId: string | null;
  description: string;
  ownerId: string;
  createdById: string | null;
  agreedOn: string;
  dueBy: string;
  status: ActionStatus;
  completedOn: string | null;
  outcome: string | null;
  cancelReason: string | null;
  version: number;
}

/** What the overdue sweep claims: enough to tell the owner. */
export interface OverdueActionClaim {
  id: string;
  ownerId: string;
  dueBy: string;
  description: string;
}

export interface NewAction {
  authorityId: string;
  source: ActionSource;
  subjectType: string;
  subjectId: string;
  childId: string;
  planId: string | null;
  description: string;
  ownerId: string;
  createdById: string;
  agreedOn: string;
  dueBy: string;
}

interface ActionTableRow {
  id: string;
  authority_id: string;
  source: ActionSource;
  subject_type: string;
  subject_id: string;
  child_id: string;
  plan_id: string | null;
  description: string;
  owner_id: string;
  created_by_id: string | null;
  agreed_on: string;
  due_by: string;
  status: ActionStatus;
  completed_on: string | null;
  outcome: string | null;
  cancel_reason: string | null;
  version: number;
}

const toRecord = (r: ActionTableRow): ActionRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  source: r.source,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  childId: r.child_id,
  planId: r.plan_id,
  description: r.description,
  ownerId: r.owner_id,
  createdById: r.created_by_id,
  agreedOn: r.agreed_on,
  dueBy: r.due_by,
  status: r.status,
  completedOn: r.completed_on,
  outcome: r.outcome,
  cancelReason: r.cancel_reason,
  version: r.version,
});

/** The columns `toRecord` reads. */
const RECORD_COLUMNS = new JsonColumns(
  'id, authority_id, source, subject_type, subject_id, child_id, plan_id, description, owner_id, created_by_id, agreed_on, due_by, status, completed_on, outcome, cancel_reason, version',
);

/** Read joins (src/common/json-row.ts): the action row `alias` as JSON in another owner's statement, and back. */
export const actionJsonSql = (alias: string): string => RECORD_COLUMNS.sql(alias);
export const actionFromJson = (json: readonly unknown[]): ActionRecord => toRecord(RECORD_COLUMNS.row(json));
/** The order of `findBySubjects` (soonest due first), for a statement that aggregates actions of alias `alias`. */
export const actionsBySubjectOrderSql = (alias: string): string => `${alias}.due_by, ${alias}.created_at, ${alias}.id`;

/** The due-action claim, shared with the EXPLAIN test: it reads only the partial index's rows. */
export const DUE_ACTIONS_SQL = `UPDATE action SET overdue_alerted = true, updated_at = now()
  WHERE id = ANY(ARRAY(SELECT id FROM action WHERE due_by < $2 AND authority_id = $1 AND status = 'OPEN' AND NOT overdue_alerted ORDER BY due_by LIMIT $3 FOR UPDATE SKIP LOCKED))
    AND status = 'OPEN' AND NOT overdue_alerted
  RETURNING id, owner_id, due_by, description`;
export const AUTHORITIES_WITH_OVERDUE_ACTIONS_SQL = `SELECT authority_id FROM action WHERE due_by < $1 AND status = 'OPEN' AND NOT overdue_alerted`;

const INSERT_COLUMNS = 11;

/**
 * Every statement on the action table (the engine's transitions aside), scoped to one authority.
 * Two reads of the directory's tables (staff_member, team) stay here until the directory's owner
 * exports them (marked "directory's table").
 */
@Injectable()
export class ActionRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  /** One INSERT for all the actions; their ids in input order. */
  async insertMany(manager: EntityManager, actions: readonly NewAction[]): Promise<string[]> {
    if (!actions.length) return [];
    const values: unknown[] = [];
    const tuples = actions.map((a) => {
      values.push(
        a.authorityId,
        a.source,
        a.subjectType,
        a.subjectId,
        a.childId,
        a.planId,
        a.description,
        a.ownerId,
        a.createdById,
        a.agreedOn,
        a.dueBy,
      );
      const n = values.length;
      return `(${Array.from({ length: INSERT_COLUMNS }, (_, k) => `$${n - INSERT_COLUMNS + 1 + k}`).join(', ')})`;
    });
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO action (authority_id, source, subject_type, subject_id, child_id, plan_id, description, owner_id, created_by_id, agreed_on, due_by)
       VALUES ${tuples.join(', ')} RETURNING id`,
      values,
    );
    return rows.map((r) => r.id);
  }

  /** The action with its child's team (for the read policy). */
  async findWithTeam(db: ReadDb, authorityId: string, id: string): Promise<(ActionRecord & { teamId: string }) | null> {
    const rows: (ActionTableRow & { team_id: string })[] = await db.query(
      'SELECT a.*, c.team_id FROM action a JOIN child c ON c.authority_id = a.authority_id AND c.id = a.child_id WHERE a.id = $1 AND a.authority_id = $2',
      [id, authorityId],
    );
    return rows[0] ? { ...toRecord(rows[0]), teamId: rows[0].team_id } : null;
  }

  async findMany(authorityId: string, ids: readonly string[], db: ReadDb = this.reads): Promise<ActionRecord[]> {
    const rows: ActionTableRow[] = await db.query('SELECT * FROM action WHERE authority_id = $1 AND id = ANY($2)', [
      authorityId,
      ids,
    ]);
    return rows.map(toRecord);
  }

  /** The actions of records of one type (e.g. 'Escalation'), soonest due first. */
  async findBySubjects(
    authorityId: string,
    subjectType: string,
    subjectIds: readonly string[],
    db: ReadDb = this.reads,
  ): Promise<ActionRecord[]> {
    const rows: ActionTableRow[] = await db.query(
      'SELECT * FROM action WHERE authority_id = $1 AND subject_type = $2 AND subject_id = ANY($3) ORDER BY due_by, created_at, id',
      [authorityId, subjectType, subjectIds],
    );
    return rows.map(toRecord);
  }

  /**
   * Every action of the plans, oldest first. For other modules' reads of the action table (plans,
   * core groups, case audits: issue 11b/11c move their SQL here when the branches meet).
   */
  async findByPlans(authorityId: string, planIds: readonly string[], db: ReadDb = this.reads): Promise<ActionRecord[]> {
    const rows: ActionTableRow[] = await db.query(
      'SELECT * FROM action WHERE plan_id = ANY($1) AND authority_id = $2 ORDER BY created_at, id',
      [planIds, authorityId],
    );
    return rows.map(toRecord);
  }

  /**
   * The plans' drifting open actions (core groups' rule, DOMAIN.md): overdue, or marked DRIFTING at
   * the core group's last two held meetings. The filter reads core_group_meeting and action_progress
   * (a read join, see docs/architecture.md), never writes them.
   */
  async driftingOfPlans(
    authorityId: string,
    planIds: readonly string[],
    today: string,
    db: ReadDb = this.reads,
  ): Promise<ActionRecord[]> {
    const rows: ActionTableRow[] = await db.query(
      `WITH recent AS (
         SELECT m.id, row_number() OVER (PARTITION BY m.core_group_id ORDER BY m.held_on DESC, m.updated_at DESC) AS n
         FROM core_group_meeting m JOIN core_group g ON g.authority_id = m.authority_id AND g.id = m.core_group_id
         WHERE g.plan_id = ANY($1) AND m.authority_id = $2 AND m.status = 'HELD'
       )
       SELECT a.* FROM action a
       WHERE a.plan_id = ANY($1) AND a.authority_id = $2 AND a.status = 'OPEN'
         AND (a.due_by < $3 OR (SELECT count(*) FROM action_progress ap JOIN recent r ON r.id = ap.meeting_id AND r.n <= 2
                                WHERE ap.authority_id = a.authority_id AND ap.action_id = a.id AND ap.progress = 'DRIFTING') = 2)
       ORDER BY a.due_by, a.id`,
      [planIds, authorityId, today],
    );
    return rows.map(toRecord);
  }

  /** The ids of the plan's open actions. */
  async openIdsOfPlan(manager: EntityManager, authorityId: string, planId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      "SELECT id FROM action WHERE plan_id = $1 AND authority_id = $2 AND status = 'OPEN'",
      [planId, authorityId],
    );
    return rows.map((r) => r.id);
  }

  /** How many of the record's actions are still open (e.g. a case audit may not close with any). */
  async countOpenOfSubject(
    manager: EntityManager,
    authorityId: string,
    subjectType: string,
    subjectId: string,
  ): Promise<number> {
    const [row]: { n: number }[] = await manager.query(
      "SELECT count(*)::int AS n FROM action WHERE authority_id = $1 AND subject_type = $2 AND subject_id = $3 AND status = 'OPEN'",
      [authorityId, subjectType, subjectId],
    );
    return row.n;
  }

  /** Authorities with an open action past due and not yet alerted (the sweep's first question). */
  async authoritiesWithOverdue(today: string): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.reads.query(AUTHORITIES_WITH_OVERDUE_ACTIONS_SQL, [today]);
    return rows.map((r) => r.authority_id);
  }

  /** Claims up to `limit` newly overdue actions by compare-and-set (marks them alerted) in the caller's transaction. */
  async claimOverdue(
    manager: EntityManager,
    authorityId: string,
    today: string,
    limit: number,
  ): Promise<OverdueActionClaim[]> {
    const rows = returnedRows<{ id: string; owner_id: string; due_by: string; description: string }>(
      await manager.query(DUE_ACTIONS_SQL, [authorityId, today, limit]),
    );
    return rows.map((r) => ({ id: r.id, ownerId: r.owner_id, dueBy: r.due_by, description: r.description }));
  }
}
