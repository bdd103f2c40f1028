import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../auth/role';
import { returnedRows } from '../workflow/workflow.service';
import { EscalationStatus, StageOutcome } from './escalation.entity';
import { ReadDb, ReadPool } from '../common/read-pool';
import { JsonColumns, jsonTimestamp } from '../common/json-row';
import { ActionRecord, actionFromJson, actionJsonSql, actionsBySubjectOrderSql } from '../actions/action.repository';
import { AuditRecord, auditEventFromJson, auditEventJsonSql } from '../audit/audit.repository';
import { ChildRecord, childFromJson, childJsonSql } from '../directory/child.repository';
import { StaffRecord, staffFromJson, staffJsonSql } from '../directory/directory.repository';

/** An escalation as recorded (the escalation table). */
export interface EscalationRecord {
  id: string;
  authorityId: string;
  reference: string;
  childId: string;
  conferenceId: string | null;
  conversationId: string | null;
  raisedById: string;
  raisedOn: string;
  concern: string;
  summary: string;
  status: EscalationStatus;
  stage: number;
  responseDueBy: string;
  breached: boolean;
  closedOn: string | null;
  version: number;
}

/** An escalation with its child's team: the read policy's and the stage-1 assignee's question. */
export interface EscalationWithTeam extends EscalationRecord {
  teamId: string;
}

/** What opening a stage needs to know of its escalation. */
export type EscalationRef = Pick<EscalationRecord, 'id' | 'authorityId' | 'childId' | 'reference'>;

/** One stage of an escalation (the escalation_stage table). */
export interface EscalationStageRecord {
  id: string;
  escalationId: string;
  stage: number;
  assignedRole: Role;
  /** null: anyone with assignedRole */
  assignedTo: string | null;
  openedOn: string;
  responseDueBy: string;
  acknowledgedAt: Date | null;
  respondedAt: Date | null;
  response: string | null;
  breached: boolean;
  outcome: StageOutcome | null;
}

export interface NewEscalation {
  authorityId: string;
  reference: string;
  childId: string;
  conferenceId: string | null;
  conversationId: string | null;
  raisedById: string;
  raisedOn: string;
  concern: string;
  summary: string;
  stage: number;
  responseDueBy: string;
}

/** A stage the sweep claimed as breached. */
export interface BreachClaim {
  stage: number;
  escalationId: string;
  responseDueBy: string;
}

/** What a list or export may filter on, already authorised: every team id given must match. */
export interface EscalationWhere {
  authorityId: string;
  /** each must match; a null one (team staff with no team) matches nothing */
  teamIds: readonly (string | null)[];
  status?: readonly string[] | null;
  stage?: number | null;
  raisedById?: string | null;
  childId?: string | null;
  raisedFrom?: string | null;
  raisedTo?: string | null;
  breached?: boolean | null;
}

/** The keyset position of a list page: after (raisedOn, id), newest first. */
export type EscalationCursor = readonly [string | number, string | number];

interface EscalationRow {
  id: string;
  authority_id: string;
  reference: string;
  child_id: string;
  conference_id: string | null;
  conversation_id: string | null;
  raised_by_id: string;
  raised_on: string;
  concern: string;
  summary: string;
  status: EscalationStatus;
  stage: number;
  response_due_by: string;
  breached: boolean;
  closed_on: string | null;
  version: number;
}

interface StageRow {
  id: string;
  escalation_id: string;
  stage: number;
  assigned_role: Role;
  assigned_to: string | null;
  opened_on: string;
  response_due_by: string;
  acknowledged_at: Date | null;
  responded_at: Date | null;
  response: string | null;
  breached: boolean;
  outcome: StageOutcome | null;
}

const toRecord = (r: EscalationRow): EscalationRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  reference: r.reference,
  childId: r.child_id,
  conferenceId: r.conference_id,
  conversationId: r.conversation_id,
  raisedById: r.raised_by_id,
  raisedOn: r.raised_on,
  concern: r.concern,
  summary: r.summary,
  status: r.status,
  stage: r.stage,
  responseDueBy: r.response_due_by,
  breached: r.breached,
  closedOn: r.closed_on,
  version: r.version,
});

const withTeam = (r: EscalationRow & { team_id: string }): EscalationWithTeam => ({
  ...toRecord(r),
  teamId: r.team_id,
});

const stageToRecord = (r: StageRow): EscalationStageRecord => ({
  id: r.id,
  escalationId: r.escalation_id,
  stage: r.stage,
  assignedRole: r.assigned_role,
  assignedTo: r.assigned_to,
  openedOn: r.opened_on,
  responseDueBy: r.response_due_by,
  acknowledgedAt: r.acknowledged_at,
  respondedAt: r.responded_at,
  response: r.response,
  breached: r.breached,
  outcome: r.outcome,
});

const STAGE_COLUMNS = new JsonColumns(
  'id, escalation_id, stage, assigned_role, assigned_to, opened_on, response_due_by, acknowledged_at, responded_at, response, breached, outcome',
);

const stageFromJson = (json: readonly unknown[]): EscalationStageRecord => {
  const row = STAGE_COLUMNS.row<StageRow>(json);
  row.acknowledged_at = jsonTimestamp(row.acknowledged_at as unknown as string | null);
  row.responded_at = jsonTimestamp(row.responded_at as unknown as string | null);
  return stageToRecord(row);
};

/**
 * The relations a compiled read returns with its escalations (what the client selected): each
 * one's rows exactly as its own loader reads them (same columns, same order, same authority).
 */
export interface EscalationRelations {
  child?: boolean;
  raisedBy?: boolean;
  /** with each stage's assignee when `assignedTo` */
  stages?: { assignedTo: boolean } | null;
  /** the actions whose subject is the escalation, with their owners when `owner` */
  actions?: { owner: boolean } | null;
  /** the escalation's audit events, with their actors when `actor` */
  history?: { actor: boolean } | null;
}

/** What a compiled read found beside its escalations, for the loaders to be primed with. */
export interface EscalationRelated {
  children: ChildRecord[];
  /** every staff member read (raisers, assignees, owners, actors), once each */
  staff: StaffRecord[];
  /** by escalation id, when asked for; an escalation with none has an empty list */
  stages: Map<string, EscalationStageRecord[]> | null;
  actions: Map<string, ActionRecord[]> | null;
  history: Map<string, AuditRecord[]> | null;
}

/** Related rows, each a JSON array of columns; `j_staff` (on one row of the page) every staff member they name. */
type CompiledRow = EscalationRow & {
  team_id: string;
  j_child?: unknown[] | null;
  j_stages?: unknown[][];
  j_actions?: unknown[][];
  j_history?: unknown[][];
  j_staff?: unknown[][] | null;
};

/** An escalation with its child, for the child's team: on the tenant key, as every tenant join. */
export const ESCALATION_WITH_CHILD =
  'escalation e JOIN child c ON c.id = e.child_id AND c.authority_id = e.authority_id';

const WITH_TEAM = `SELECT e.*, c.team_id FROM ${ESCALATION_WITH_CHILD}`;

/** As WITH_TEAM, with the columns `toRecord` reads only (no timestamps to parse). */
const COMPILED_WITH_TEAM = `SELECT ${'id, authority_id, reference, child_id, conference_id, conversation_id, raised_by_id, raised_on, concern, summary, status, stage, response_due_by, breached, closed_on, version'
  .split(', ')
  .map((c) => `e.${c}`)
  .join(', ')}, c.team_id FROM ${ESCALATION_WITH_CHILD}`;

/**
 * One keyset page of escalations, newest raised first: `select` (a SELECT … FROM
 * ESCALATION_WITH_CHILD) with `where` (from `filterWhere`, whose first condition is the authority),
 * after `cursor`, at most `limit`. Shared by the list's pages and the auditors' CSV export.
 */
export function escalationPageSql(
  select: string,
  where: readonly string[],
  params: readonly unknown[],
  cursor: EscalationCursor | null,
  limit: number,
): { sql: string; values: unknown[] } {
  const conditions = [...where];
  const values = [...params];
  if (cursor) {
    values.push(cursor[0], cursor[1]);
    conditions.push(`(e.raised_on, e.id) < ($${values.length - 1}::date, $${values.length}::uuid)`);
  }
  values.push(limit);
  return {
    sql: `${select} WHERE ${conditions.join(' AND ')} ORDER BY e.raised_on DESC, e.id DESC LIMIT $${values.length}`,
    values,
  };
}

/** The due-stage query, shared with the EXPLAIN test: it reads only the partial index's rows. */
export const DUE_STAGES_SQL = `SELECT id, escalation_id FROM escalation_stage
  WHERE response_due_by < $2 AND authority_id = $1 AND responded_at IS NULL AND outcome IS NULL AND NOT breached
  ORDER BY response_due_by LIMIT $3`;
export const AUTHORITIES_WITH_DUE_STAGES_SQL = `SELECT authority_id FROM escalation_stage
  WHERE response_due_by < $1 AND responded_at IS NULL AND outcome IS NULL AND NOT breached`;

/**
 * Every statement on escalation, escalation_stage and escalation_reference_counter (the engine's
 * transitions and updates aside), scoped to one authority. A few reads of other owners' tables
 * (conference: src/conferences; staff_member, team: src/directory) stay here, marked, until those
 * owners export them.
 */
@Injectable()
export class EscalationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  // --- escalation ---------------------------------------------------------------------------

  async insert(manager: EntityManager, e: NewEscalation): Promise<EscalationRef> {
    const [row]: Pick<EscalationRow, 'id' | 'authority_id' | 'child_id' | 'reference'>[] = await manager.query(
      `INSERT INTO escalation (authority_id, reference, child_id, conference_id, conversation_id, raised_by_id, raised_on, concern, summary, stage, response_due_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, authority_id, child_id, reference`,
      [
        e.authorityId,
        e.reference,
        e.childId,
        e.conferenceId,
        e.conversationId,
        e.raisedById,
        e.raisedOn,
        e.concern,
        e.summary,
        e.stage,
        e.responseDueBy,
      ],
    );
    return { id: row.id, authorityId: row.authority_id, childId: row.child_id, reference: row.reference };
  }

  /**
   * Gives the escalation (inserted with a provisional reference) the next reference of the authority's
   * year, ESC-<year>-<nnnn>, in one statement. The counter row stays locked until commit (no gaps, no
   * twins), so a command calls this as late as it can: just before its audit events are written.
   */
  async assignReference(
    manager: EntityManager,
    authorityId: string,
    escalationId: string,
    year: number,
  ): Promise<string> {
    const [row] = returnedRows<{ reference: string }>(
      await manager.query(
        `WITH n AS (
         INSERT INTO escalation_reference_counter (authority_id, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (authority_id, year) DO UPDATE SET last_number = escalation_reference_counter.last_number + 1 RETURNING last_number)
       UPDATE escalation e SET reference = 'ESC-' || $2::int || '-' || lpad(n.last_number::text, greatest(4, length(n.last_number::text)), '0')
       FROM n WHERE e.id = $3 AND e.authority_id = $1 RETURNING e.reference`,
        [authorityId, year, escalationId],
      ),
    );
    if (!row) throw new Error('assignReference: the escalation was not inserted in this transaction');
    return row.reference;
  }

  /** The escalation with its child's team, if it belongs to the authority. */
  async find(authorityId: string, id: string, db: ReadDb = this.reads): Promise<EscalationWithTeam | null> {
    const rows: (EscalationRow & { team_id: string })[] = await db.query(
      `${WITH_TEAM} WHERE e.id = $1 AND e.authority_id = $2`,
      [id, authorityId],
    );
    return rows[0] ? withTeam(rows[0]) : null;
  }

  /** As `find`, holding the escalation's row for the caller's transaction. */
  async lock(manager: EntityManager, authorityId: string, id: string): Promise<EscalationWithTeam | null> {
    const rows: (EscalationRow & { team_id: string })[] = await manager.query(
      `${WITH_TEAM} WHERE e.id = $1 AND e.authority_id = $2 FOR UPDATE OF e`,
      [id, authorityId],
    );
    return rows[0] ? withTeam(rows[0]) : null;
  }

  /** Those of the escalations that belong to the authority, in any order (loaders key them). */
  async findMany(authorityId: string, ids: readonly string[], db: ReadDb = this.reads): Promise<EscalationWithTeam[]> {
    const rows: (EscalationRow & { team_id: string })[] = await db.query(
      `${WITH_TEAM} WHERE e.authority_id = $1 AND e.id = ANY($2)`,
      [authorityId, ids],
    );
    return rows.map(withTeam);
  }

  /** The children's escalations, newest raised first. */
  async findByChildren(
    authorityId: string,
    childIds: readonly string[],
    db: ReadDb = this.reads,
  ): Promise<EscalationWithTeam[]> {
    const rows: (EscalationRow & { team_id: string })[] = await db.query(
      `${WITH_TEAM} WHERE e.authority_id = $1 AND e.child_id = ANY($2) ORDER BY e.raised_on DESC, e.id DESC`,
      [authorityId, childIds],
    );
    return rows.map(withTeam);
  }

  /** The WHERE over `escalation e JOIN child c` and its parameters, for `page`, `count` and the CSV export. */
  filterWhere(f: EscalationWhere): { where: string[]; params: unknown[] } {
    const params: unknown[] = [f.authorityId];
    const where = ['e.authority_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    for (const teamId of f.teamIds) add((p) => `c.team_id = ${p}::uuid`, teamId);
    if (f.status?.length) add((p) => `e.status = ANY(${p})`, f.status);
    if (f.stage != null) add((p) => `e.stage = ${p}`, f.stage);
    if (f.raisedById) add((p) => `e.raised_by_id = ${p}::uuid`, f.raisedById);
    if (f.childId) add((p) => `e.child_id = ${p}::uuid`, f.childId);
    if (f.raisedFrom) add((p) => `e.raised_on >= ${p}::date`, f.raisedFrom);
    if (f.raisedTo) add((p) => `e.raised_on <= ${p}::date`, f.raisedTo);
    if (f.breached != null) add((p) => `e.breached = ${p}`, f.breached);
    return { where, params };
  }

  /**
   * Up to `limit` escalations matching `where` (from `filterWhere`, whose first condition is the authority), newest raised first, after `cursor`.
   */
  async page(
    where: readonly string[],
    params: readonly unknown[],
    cursor: EscalationCursor | null,
    limit: number,
  ): Promise<EscalationWithTeam[]> {
    const { sql, values } = escalationPageSql(WITH_TEAM, where, params, cursor, limit);
    const rows: (EscalationRow & { team_id: string })[] = await this.reads.query(sql, values);
    return rows.map(withTeam);
  }

  /**
   * `page` with the relations asked for, in ONE statement (issue 17: an auditor's page of 50 with
   * child, raiser, stages, actions and history in one round trip instead of one per relation). A
   * read join of the directory's, actions' and audit's tables (docs/architecture.md): their columns
   * and mappers are theirs (`childJsonSql`, `staffJsonSql`, `actionJsonSql`, `auditEventJsonSql`).
   */
  async pageWith(
    where: readonly string[],
    params: readonly unknown[],
    cursor: EscalationCursor | null,
    limit: number,
    relations: EscalationRelations,
  ): Promise<{ records: EscalationWithTeam[]; related: EscalationRelated }> {
    const { sql, values } = escalationPageSql(COMPILED_WITH_TEAM, where, params, cursor, limit);
    const rows: CompiledRow[] = await this.reads.prepared(compiledSql(sql, relations), values);
    return fromCompiled(rows, relations);
  }

  /** `find` with the relations asked for, in one statement (as `pageWith`). */
  async findWith(
    authorityId: string,
    id: string,
    relations: EscalationRelations,
  ): Promise<{ record: EscalationWithTeam | null; related: EscalationRelated }> {
    const rows: CompiledRow[] = await this.reads.prepared(
      compiledSql(`${COMPILED_WITH_TEAM} WHERE e.id = $1 AND e.authority_id = $2`, relations),
      [id, authorityId],
    );
    const { records, related } = fromCompiled(rows, relations);
    return { record: records[0] ?? null, related };
  }

  /** How many escalations match `where` (as for `page`, with no cursor). */
  async count(where: readonly string[], params: readonly unknown[]): Promise<number> {
    const [row]: { n: number }[] = await this.reads.query(
      `SELECT count(*)::int AS n FROM ${ESCALATION_WITH_CHILD} WHERE ${where.join(' AND ')}`,
      [...params],
    );
    return row.n;
  }

  /** The escalation row the engine returned (`WorkflowService.update ... RETURNING *`), as a record. */
  fromUpdated(row: object): EscalationRecord {
    return toRecord(row as EscalationRow);
  }

  // --- escalation_stage ---------------------------------------------------------------------

  async insertStage(
    manager: EntityManager,
    s: {
      authorityId: string;
      escalationId: string;
      stage: number;
      assignedRole: Role;
      assignedTo: string | null;
      openedOn: string;
      responseDueBy: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO escalation_stage (authority_id, escalation_id, stage, assigned_role, assigned_to, opened_on, response_due_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.authorityId, s.escalationId, s.stage, s.assignedRole, s.assignedTo, s.openedOn, s.responseDueBy],
    );
  }

  async findStage(
    manager: EntityManager,
    authorityId: string,
    escalationId: string,
    stage: number,
  ): Promise<EscalationStageRecord | null> {
    const rows: StageRow[] = await manager.query(
      'SELECT * FROM escalation_stage WHERE escalation_id = $1 AND stage = $2 AND authority_id = $3',
      [escalationId, stage, authorityId],
    );
    return rows[0] ? stageToRecord(rows[0]) : null;
  }

  /** Every stage of the escalations, in stage order. */
  async stagesOf(
    authorityId: string,
    escalationIds: readonly string[],
    db: ReadDb = this.reads,
  ): Promise<EscalationStageRecord[]> {
    const rows: StageRow[] = await db.query(
      'SELECT * FROM escalation_stage WHERE authority_id = $1 AND escalation_id = ANY($2) ORDER BY stage',
      [authorityId, escalationIds],
    );
    return rows.map(stageToRecord);
  }

  async markAcknowledged(
    manager: EntityManager,
    authorityId: string,
    escalationId: string,
    stage: number,
    at: Date,
  ): Promise<void> {
    await manager.query(
      'UPDATE escalation_stage SET acknowledged_at = $3 WHERE escalation_id = $1 AND stage = $2 AND authority_id = $4',
      [escalationId, stage, at, authorityId],
    );
  }

  /** The response; a stage responded to unacknowledged counts as acknowledged then. */
  async markResponded(
    manager: EntityManager,
    authorityId: string,
    escalationId: string,
    stage: number,
    response: string,
    at: Date,
  ): Promise<void> {
    await manager.query(
      'UPDATE escalation_stage SET responded_at = $4, response = $3, acknowledged_at = coalesce(acknowledged_at, $4) WHERE escalation_id = $1 AND stage = $2 AND authority_id = $5',
      [escalationId, stage, response, at, authorityId],
    );
  }

  /** Closes the stage with its outcome, once (a closed stage keeps its first outcome). */
  async closeStage(
    manager: EntityManager,
    authorityId: string,
    escalationId: string,
    stage: number,
    outcome: StageOutcome,
    at: Date,
  ): Promise<void> {
    await manager.query(
      'UPDATE escalation_stage SET outcome = $3, closed_at = $4 WHERE escalation_id = $1 AND stage = $2 AND outcome IS NULL AND authority_id = $5',
      [escalationId, stage, outcome, at, authorityId],
    );
  }

  /** Authorities with a stage past its response date and not yet breached (the sweep's first question). */
  async authoritiesWithDueStages(today: string): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.reads.query(AUTHORITIES_WITH_DUE_STAGES_SQL, [today]);
    return rows.map((r) => r.authority_id);
  }

  /** Up to `limit` of the authority's stages past their response date, not yet breached, soonest due first. */
  async dueStages(authorityId: string, today: string, limit: number): Promise<{ id: string; escalationId: string }[]> {
    const rows: { id: string; escalation_id: string }[] = await this.reads.query(DUE_STAGES_SQL, [
      authorityId,
      today,
      limit,
    ]);
    return rows.map((r) => ({ id: r.id, escalationId: r.escalation_id }));
  }

  /** Marks the stage breached by compare-and-set in the caller's transaction; null if it is no longer due (another sweep, a response). */
  async claimBreach(
    manager: EntityManager,
    authorityId: string,
    stageId: string,
    today: string,
  ): Promise<BreachClaim | null> {
    const [row] = returnedRows<{ stage: number; escalation_id: string; response_due_by: string }>(
      await manager.query(
        `UPDATE escalation_stage SET breached = true WHERE id = $1 AND authority_id = $2 AND response_due_by < $3
         AND responded_at IS NULL AND outcome IS NULL AND NOT breached RETURNING stage, escalation_id, response_due_by`,
        [stageId, authorityId, today],
      ),
    );
    return row ? { stage: row.stage, escalationId: row.escalation_id, responseDueBy: row.response_due_by } : null;
  }
}

/**
 * The compiled read around `inner` (escalations with their child's team, already limited): each
 * relation a correlated subquery on its own composite index (authority_id first), evaluated for the
 * page's rows only, in its loader's order. Every join names authority_id on both sides.
 *
 * The staff members asked for (raiser, assignees, owners, actors) come once per page, in `j_staff`
 * on one row: a page names the same few people hundreds of times (a quarter of the JSON when each
 * relation row carried its own). The related rows already carry the staff ids.
 */
function compiledSql(inner: string, relations: EscalationRelations): string {
  const columns = ['p.*'];
  const staffIds: string[] = [];
  if (relations.child)
    columns.push(
      `(SELECT ${childJsonSql('c')} FROM child c WHERE c.id = p.child_id AND c.authority_id = p.authority_id) AS j_child`,
    );
  if (relations.raisedBy) staffIds.push('SELECT q.authority_id, q.raised_by_id AS id FROM p q');
  if (relations.stages) {
    columns.push(`coalesce((SELECT json_agg(${STAGE_COLUMNS.sql('t')} ORDER BY t.stage)
      FROM escalation_stage t WHERE t.authority_id = p.authority_id AND t.escalation_id = p.id), '[]') AS j_stages`);
    if (relations.stages.assignedTo)
      staffIds.push(`SELECT t.authority_id, t.assigned_to AS id FROM p q
        JOIN escalation_stage t ON t.authority_id = q.authority_id AND t.escalation_id = q.id`);
  }
  if (relations.actions) {
    columns.push(`coalesce((SELECT json_agg(${actionJsonSql('x')} ORDER BY ${actionsBySubjectOrderSql('x')})
      FROM action x WHERE x.authority_id = p.authority_id AND x.subject_type = 'Escalation' AND x.subject_id = p.id), '[]') AS j_actions`);
    if (relations.actions.owner)
      staffIds.push(`SELECT x.authority_id, x.owner_id AS id FROM p q
        JOIN action x ON x.authority_id = q.authority_id AND x.subject_type = 'Escalation' AND x.subject_id = q.id`);
  }
  if (relations.history) {
    columns.push(`coalesce((SELECT json_agg(${auditEventJsonSql('h')} ORDER BY h.sequence)
      FROM audit_event h WHERE h.authority_id = p.authority_id AND h.entity_type = 'Escalation' AND h.entity_id = p.id), '[]') AS j_history`);
    if (relations.history.actor)
      staffIds.push(`SELECT h.authority_id, h.actor_id AS id FROM p q
        JOIN audit_event h ON h.authority_id = q.authority_id AND h.entity_type = 'Escalation' AND h.entity_id = q.id`);
  }
  if (staffIds.length > 0)
    // an uncorrelated subquery: evaluated once (an InitPlan), sent on the first row only
    columns.push(`CASE WHEN row_number() OVER () = 1 THEN (SELECT json_agg(${staffJsonSql('s')})
      FROM (${staffIds.join(' UNION ')}) i JOIN staff_member s ON s.authority_id = i.authority_id AND s.id = i.id) END AS j_staff`);
  return `WITH p AS (${inner}) SELECT ${columns.join(', ')} FROM p ORDER BY p.raised_on DESC, p.id DESC`;
}

function fromCompiled(
  rows: CompiledRow[],
  relations: EscalationRelations,
): { records: EscalationWithTeam[]; related: EscalationRelated } {
  const related: EscalationRelated = {
    children: [],
    staff: [],
    stages: relations.stages ? new Map() : null,
    actions: relations.actions ? new Map() : null,
    history: relations.history ? new Map() : null,
  };
  const list = <R>(
    id: string,
    json: unknown[][] | undefined,
    into: Map<string, R[]> | null,
    fromJson: (json: readonly unknown[]) => R,
  ) => {
    if (into) into.set(id, json ? json.map(fromJson) : []);
  };
  const records = rows.map((row) => {
    if (row.j_child) related.children.push(childFromJson(row.j_child));
    if (row.j_staff) for (const person of row.j_staff) related.staff.push(staffFromJson(person));
    list(row.id, row.j_stages, related.stages, stageFromJson);
    list(row.id, row.j_actions, related.actions, actionFromJson);
    list(row.id, row.j_history, related.history, auditEventFromJson);
    return withTeam(row);
  });
  return { records, related };
}
