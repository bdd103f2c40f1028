import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../workflow/workflow.service';
import type { TransferInClockStart } from '../directory/authority-procedure-settings';
import { ReadDb, ReadPool } from '../common/read-pool';

export type ConferenceKind = 'INITIAL' | 'TRANSFER_IN' | 'REVIEW';

/** One agency's attendance as recorded when the conference was held. */
export interface AttendanceRecord {
  agency: string;
  attended: boolean;
  reportReceived: boolean | null;
}

/** A conference as recorded. */
export interface ConferenceRecord {
  id: string;
  authorityId: string;
  type: ConferenceKind;
  status: string;
  teamId: string;
  chairId: string | null;
  strategyDiscussionDate: string | null;
  transferNotifiedOn: string | null;
  /** issue 14, TRANSFER_IN: when the receiving authority accepted the referral, if given */
  referralAcceptedOn: string | null;
  /** issue 14: the authority's pre-birth review interval when the conference (or the one it follows) was requested */
  preBirthReviewWorkingDays: number;
  /** issue 14, TRANSFER_IN only: what clockStart is (the notification of the move, or the referral's acceptance) */
  transferInClockStart: TransferInClockStart | null;
  clockStart: string;
  dueBy: string;
  scheduledFor: Date | null;
  heldOn: string | null;
  cancelledOn: string | null;
  delayReason: string | null;
  previousConferenceId: string | null;
  version: number;
  attendance: AttendanceRecord[];
  quorate: boolean | null;
  inquorateProceedReason: string | null;
  reconvenedAsId: string | null;
  reportSharedDueBy: string | null;
  reportSharedWithFamilyOn: string | null;
  minutesDueBy: string | null;
  minutesDistributedOn: string | null;
}

/** A child of a conference, with its outcome and participation once held. */
export interface ConferenceChildRecord {
  conferenceId: string;
  childId: string;
  decision: string | null;
  category: string | null;
  endReason: string | null;
  planId: string | null;
  attended: boolean | null;
  viewsShared: string | null;
}

interface ConferenceRow {
  id: string;
  authority_id: string;
  type: ConferenceKind;
  status: string;
  team_id: string;
  chair_id: string | null;
  strategy_discussion_date: string | null;
  transfer_notified_on: string | null;
  referral_accepted_on: string | null;
  pre_birth_review_working_days: number;
  transfer_in_clock_start: TransferInClockStart | null;
  clock_start: string;
  due_by: string;
  scheduled_for: Date | null;
  held_on: string | null;
  cancelled_on: string | null;
  delay_reason: string | null;
  previous_conference_id: string | null;
  version: number;
  attendance: { agency: string; attended: boolean; reportReceived?: boolean | null }[] | null;
  quorate: boolean | null;
  inquorate_proceed_reason: string | null;
  reconvened_as_id: string | null;
  report_shared_due_by: string | null;
  report_shared_with_family_on: string | null;
  minutes_due_by: string | null;
  minutes_distributed_on: string | null;
}

interface ConferenceChildRow {
  conference_id: string;
  child_id: string;
  decision: string | null;
  category: string | null;
  end_reason: string | null;
  plan_id: string | null;
  attended: boolean | null;
  views_shared: string | null;
}

const toRecord = (r: ConferenceRow): ConferenceRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  type: r.type,
  status: r.status,
  teamId: r.team_id,
  chairId: r.chair_id,
  strategyDiscussionDate: r.strategy_discussion_date,
  transferNotifiedOn: r.transfer_notified_on,
  referralAcceptedOn: r.referral_accepted_on ?? null,
  preBirthReviewWorkingDays: r.pre_birth_review_working_days,
  transferInClockStart: r.transfer_in_clock_start ?? null,
  clockStart: r.clock_start,
  dueBy: r.due_by,
  scheduledFor: r.scheduled_for,
  heldOn: r.held_on,
  cancelledOn: r.cancelled_on,
  delayReason: r.delay_reason,
  previousConferenceId: r.previous_conference_id,
  version: r.version,
  attendance: (r.attendance ?? []).map((a) => ({
    agency: a.agency,
    attended: a.attended,
    reportReceived: a.reportReceived ?? null,
  })),
  quorate: r.quorate ?? null,
  inquorateProceedReason: r.inquorate_proceed_reason ?? null,
  reconvenedAsId: r.reconvened_as_id ?? null,
  reportSharedDueBy: r.report_shared_due_by ?? null,
  reportSharedWithFamilyOn: r.report_shared_with_family_on ?? null,
  minutesDueBy: r.minutes_due_by ?? null,
  minutesDistributedOn: r.minutes_distributed_on ?? null,
});

const childToRecord = (r: ConferenceChildRow): ConferenceChildRecord => ({
  conferenceId: r.conference_id,
  childId: r.child_id,
  decision: r.decision,
  category: r.category,
  endReason: r.end_reason,
  planId: r.plan_id,
  attended: r.attended,
  viewsShared: r.views_shared,
});

export interface NewConferenceRecord {
  authorityId: string;
  type: ConferenceKind;
  teamId: string;
  childIds: string[];
  clockStart: string;
  dueBy: string;
  strategyDiscussionDate: string | null;
  transferNotifiedOn: string | null;
  previousConferenceId: string | null;
  preBirthReviewWorkingDays: number;
  /** TRANSFER_IN only (null for the other types) */
  transferInClockStart: TransferInClockStart | null;
  referralAcceptedOn: string | null;
}

/** The conferences list's filter, with the caller's team scope already decided by the policy. */
export interface ConferenceListFilter {
  /** undefined: every team of the authority; null: none; else only this team */
  scopeTeamId?: string | null;
  teamId?: string | null;
  status?: string[] | null;
  type?: string | null;
  chairId?: string | null;
  dueFrom?: string | null;
  dueTo?: string | null;
  childId?: string | null;
}

/** A held conference whose minutes are overdue, claimed for one alert. */
export interface OverdueMinutesRecord {
  id: string;
  type: string;
  heldOn: string;
  minutesDueBy: string;
  chairId: string | null;
}

/** Held conferences whose minutes are past due and not yet told to the chair, claimed by compare-and-set. */
const OVERDUE_MINUTES_SQL = `UPDATE conference c SET minutes_overdue_alerted = true, updated_at = now()
  WHERE c.id = ANY(ARRAY(SELECT id FROM conference WHERE minutes_due_by < $2 AND authority_id = $1 AND minutes_distributed_on IS NULL AND NOT minutes_overdue_alerted
                         AND status = 'HELD' ORDER BY minutes_due_by LIMIT $3 FOR UPDATE SKIP LOCKED))
    AND c.minutes_distributed_on IS NULL AND NOT c.minutes_overdue_alerted
  RETURNING c.id, c.type, c.held_on, c.minutes_due_by, c.chair_id, c.status`;

/** Authorities with overdue minutes, for the sweep's list of authorities to visit. */
const AUTHORITIES_WITH_MINUTES_DUE_SQL = `SELECT authority_id FROM conference
  WHERE minutes_due_by < $1 AND minutes_distributed_on IS NULL AND NOT minutes_overdue_alerted AND status = 'HELD'`;

/**
 * Every statement on conference and conference_child (the engine's transitions and updates aside).
 * Some reads join another owner's table (child for ordering, child_protection_plan for a review's
 * plans): reads only; those tables are written by their owners.
 */
@Injectable()
export class ConferenceRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  /** The conference, if it belongs to the authority; `lock` holds its row for the caller's transaction. */
  async find(
    db: ReadDb,
    authorityId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<ConferenceRecord | null> {
    const rows: ConferenceRow[] = await db.query(
      `SELECT * FROM conference WHERE id = $1 AND authority_id = $2${options.lock ? ' FOR UPDATE' : ''}`,
      [id, authorityId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The conference outside any transaction (a read for the API). */
  get(authorityId: string, id: string): Promise<ConferenceRecord | null> {
    return this.find(this.reads, authorityId, id);
  }

  /** Those of the conferences that belong to the authority, in any order (loaders key them). */
  async findMany(authorityId: string, ids: readonly string[], db: ReadDb = this.reads): Promise<ConferenceRecord[]> {
    const rows: ConferenceRow[] = await db.query('SELECT * FROM conference WHERE id = ANY($1) AND authority_id = $2', [
      ids,
      authorityId,
    ]);
    return rows.map(toRecord);
  }

  /** The children's conferences, most recent due date first. */
  async ofChildren(
    authorityId: string,
    childIds: readonly string[],
  ): Promise<(ConferenceRecord & { childId: string })[]> {
    const rows: (ConferenceRow & { child_id: string })[] = await this.reads.query(
      `SELECT c.*, cc.child_id FROM conference c JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id
       WHERE cc.child_id = ANY($1) AND c.authority_id = $2 ORDER BY c.due_by DESC, c.id`,
      [childIds, authorityId],
    );
    return rows.map((r) => ({ ...toRecord(r), childId: r.child_id }));
  }

  /** The children of the conferences with their outcome and participation, in case-reference order. */
  async childrenOf(authorityId: string, conferenceIds: readonly string[]): Promise<ConferenceChildRecord[]> {
    const rows: ConferenceChildRow[] = await this.reads.query(
      `SELECT cc.* FROM conference_child cc JOIN child c ON c.authority_id = cc.authority_id AND c.id = cc.child_id
       WHERE cc.conference_id = ANY($1) AND cc.authority_id = $2 ORDER BY c.case_reference`,
      [conferenceIds, authorityId],
    );
    return rows.map(childToRecord);
  }

  /** The ids of the conference's children, in id order (the lock order). */
  async memberIds(manager: EntityManager, authorityId: string, conferenceId: string): Promise<string[]> {
    const rows: { child_id: string }[] = await manager.query(
      'SELECT child_id FROM conference_child WHERE conference_id = $1 AND authority_id = $2 ORDER BY child_id',
      [conferenceId, authorityId],
    );
    return rows.map((r) => r.child_id);
  }

  /** The open (requested or scheduled) conferences of this type that any of the children is in. */
  async openOfType(
    manager: EntityManager,
    authorityId: string,
    childIds: string[],
    type: string,
  ): Promise<{ childId: string; conferenceId: string }[]> {
    // The children's own conference rows first, by the (authority_id, child_id) index, whatever the
    // statistics say: while an authority is new to them (a bulk import), the planner took it for
    // empty and scanned all its conference_child rows once per open conference instead.
    const rows: { child_id: string; conference_id: string }[] = await manager.query(
      `WITH mine AS MATERIALIZED (SELECT child_id, conference_id FROM conference_child WHERE authority_id = $1 AND child_id = ANY($2))
       SELECT mine.child_id, c.id AS conference_id FROM mine JOIN conference c ON c.id = mine.conference_id AND c.authority_id = $1
       WHERE c.type = $3 AND c.status IN ('REQUESTED', 'SCHEDULED')`,
      [authorityId, childIds, type],
    );
    return rows.map((r) => ({ childId: r.child_id, conferenceId: r.conference_id }));
  }

  /** Inserts the conference and its children; returns its id. */
  async insert(manager: EntityManager, c: NewConferenceRecord): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO conference (authority_id, type, team_id, strategy_discussion_date, transfer_notified_on, clock_start, due_by, previous_conference_id,
         pre_birth_review_working_days, transfer_in_clock_start, referral_accepted_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        c.authorityId,
        c.type,
        c.teamId,
        c.strategyDiscussionDate,
        c.transferNotifiedOn,
        c.clockStart,
        c.dueBy,
        c.previousConferenceId,
        c.preBirthReviewWorkingDays,
        c.transferInClockStart,
        c.referralAcceptedOn,
      ],
    );
    await manager.query(
      'INSERT INTO conference_child (conference_id, child_id, authority_id) SELECT $1, unnest($2::uuid[]), $3',
      [row.id, c.childIds, c.authorityId],
    );
    return row.id;
  }

  /** A held conference's outcome and participation for one child. */
  async recordOutcome(
    manager: EntityManager,
    authorityId: string,
    conferenceId: string,
    childId: string,
    o: {
      decision: string;
      category: string | null;
      endReason: string | null;
      planId: string | null;
      attended: boolean | null;
      viewsShared: string | null;
    },
  ): Promise<void> {
    await manager.query(
      'UPDATE conference_child SET decision = $3, category = $4, end_reason = $5, plan_id = $6, attended = $7, views_shared = $8 WHERE conference_id = $1 AND child_id = $2 AND authority_id = $9',
      [conferenceId, childId, o.decision, o.category, o.endReason, o.planId, o.attended, o.viewsShared, authorityId],
    );
  }

  /** Whether any child of the conference has an active plan (a review of active plans is not cancelled). */
  async hasChildWithActivePlan(manager: EntityManager, authorityId: string, conferenceId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      "SELECT 1 FROM conference_child cc JOIN child_protection_plan p ON p.authority_id = cc.authority_id AND p.child_id = cc.child_id AND p.status = 'ACTIVE' WHERE cc.conference_id = $1 AND cc.authority_id = $2 LIMIT 1",
      [conferenceId, authorityId],
    );
    return rows.length > 0;
  }

  /** A link, not a change of state: the inquorate conference names the one that replaces it. */
  async setReconvenedAs(
    manager: EntityManager,
    authorityId: string,
    id: string,
    reconvenedAsId: string,
  ): Promise<void> {
    await manager.query('UPDATE conference SET reconvened_as_id = $2 WHERE id = $1 AND authority_id = $3', [
      id,
      reconvenedAsId,
      authorityId,
    ]);
  }

  /** The child's open reviews, locked. */
  async lockOpenReviewsOfChild(manager: EntityManager, authorityId: string, childId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT c.id FROM conference c JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id
       WHERE c.authority_id = $1 AND cc.child_id = $2 AND c.type = 'REVIEW' AND c.status IN ('REQUESTED', 'SCHEDULED') FOR UPDATE OF c`,
      [authorityId, childId],
    );
    return rows.map((r) => r.id);
  }

  /** How many children the conference has (a statement of its own, so it sees what committed before a lock). */
  async countChildren(manager: EntityManager, authorityId: string, conferenceId: string): Promise<number> {
    const [row]: { children: number }[] = await manager.query(
      'SELECT count(*)::int AS children FROM conference_child WHERE conference_id = $1 AND authority_id = $2',
      [conferenceId, authorityId],
    );
    return row.children;
  }

  async removeChild(manager: EntityManager, authorityId: string, conferenceId: string, childId: string): Promise<void> {
    await manager.query(
      'DELETE FROM conference_child WHERE conference_id = $1 AND child_id = $2 AND authority_id = $3',
      [conferenceId, childId, authorityId],
    );
  }

  /**
   * The child's open first review of a plan started unborn (requested by the conference that
   * started the plan), locked, with the plan's start.
   */
  async lockFirstReviewsOfUnbornPlan(
    manager: EntityManager,
    authorityId: string,
    childId: string,
  ): Promise<
    { id: string; dueBy: string; planStartDate: string; planId: string; preBirthReviewWorkingDays: number }[]
  > {
    const rows: {
      id: string;
      due_by: string;
      start_date: string;
      plan_id: string;
      pre_birth_review_working_days: number;
    }[] = await manager.query(
      `SELECT c.id, c.due_by, p.start_date, p.id AS plan_id, c.pre_birth_review_working_days FROM conference c
       JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id
       JOIN child_protection_plan p ON p.authority_id = cc.authority_id AND p.child_id = cc.child_id AND p.status = 'ACTIVE' AND p.unborn_at_start
         AND c.previous_conference_id = p.started_by_conference_id
       WHERE cc.child_id = $1 AND c.authority_id = $2 AND c.type = 'REVIEW' AND c.status IN ('REQUESTED', 'SCHEDULED')
       FOR UPDATE OF c`,
      [childId, authorityId],
    );
    return rows.map((r) => ({
      id: r.id,
      dueBy: r.due_by,
      planStartDate: r.start_date,
      planId: r.plan_id,
      preBirthReviewWorkingDays: r.pre_birth_review_working_days,
    }));
  }

  /** null: no such conference in the authority; else whether it is about the child. */
  async coversChild(
    manager: EntityManager,
    authorityId: string,
    conferenceId: string,
    childId: string,
  ): Promise<boolean | null> {
    const rows: { covers_child: boolean }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM conference_child cc WHERE cc.authority_id = f.authority_id AND cc.conference_id = f.id AND cc.child_id = $3) AS covers_child
       FROM conference f WHERE f.id = $1 AND f.authority_id = $2`,
      [conferenceId, authorityId, childId],
    );
    return rows[0] ? rows[0].covers_child : null;
  }

  /** One page of the list in (due_by, id) order after the cursor; `limit` is the page size + 1. */
  async page(
    authorityId: string,
    filter: ConferenceListFilter,
    after: (string | number)[] | null,
    limit: number,
  ): Promise<ConferenceRecord[]> {
    const { params, where } = listWhere(authorityId, filter);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(c.due_by, c.id) > ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    params.push(limit);
    const rows: ConferenceRow[] = await this.reads.query(
      `SELECT c.* FROM conference c WHERE ${where.join(' AND ')} ORDER BY c.due_by, c.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }

  /** How many conferences the list's filter matches (only when a client asks for totalCount). */
  async count(authorityId: string, filter: ConferenceListFilter): Promise<number> {
    const { params, where } = listWhere(authorityId, filter);
    const [row]: { n: number }[] = await this.reads.query(
      `SELECT count(*)::int AS n FROM conference c WHERE ${where.join(' AND ')}`,
      params,
    );
    return row.n;
  }

  /** The authorities with minutes past their due date not yet told (the scheduled run). */
  async authoritiesWithMinutesDue(today: string): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.reads.query(AUTHORITIES_WITH_MINUTES_DUE_SQL, [today]);
    return rows.map((r) => r.authority_id);
  }

  /** Claims up to `limit` held conferences whose minutes are overdue and not yet told (skipping those locked elsewhere). */
  async claimOverdueMinutes(
    manager: EntityManager,
    authorityId: string,
    today: string,
    limit: number,
  ): Promise<OverdueMinutesRecord[]> {
    const rows = returnedRows<{
      id: string;
      type: string;
      held_on: string;
      minutes_due_by: string;
      chair_id: string | null;
    }>(await manager.query(OVERDUE_MINUTES_SQL, [authorityId, today, limit]));
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      heldOn: r.held_on,
      minutesDueBy: r.minutes_due_by,
      chairId: r.chair_id,
    }));
  }
}

function listWhere(authorityId: string, f: ConferenceListFilter): { params: unknown[]; where: string[] } {
  const params: unknown[] = [authorityId];
  const where = ['c.authority_id = $1'];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.scopeTeamId !== undefined) {
    if (f.scopeTeamId) add((p) => `c.team_id = ${p}`, f.scopeTeamId);
    else where.push('false');
  }
  if (f.teamId) add((p) => `c.team_id = ${p}`, f.teamId);
  if (f.status?.length) add((p) => `c.status = ANY(${p})`, f.status);
  if (f.type) add((p) => `c.type = ${p}`, f.type);
  if (f.chairId) add((p) => `c.chair_id = ${p}`, f.chairId);
  if (f.dueFrom) add((p) => `c.due_by >= ${p}`, f.dueFrom);
  if (f.dueTo) add((p) => `c.due_by <= ${p}`, f.dueTo);
  if (f.childId)
    add(
      (p) =>
        `EXISTS (SELECT 1 FROM conference_child cc WHERE cc.authority_id = c.authority_id AND cc.conference_id = c.id AND cc.child_id = ${p})`,
      f.childId,
    );
  return { params, where };
}
