import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ReadPool } from '../common/read-pool';

/** A child protection plan as recorded. */
export interface PlanRecord {
  id: string;
  authorityId: string;
  childId: string;
  status: 'ACTIVE' | 'ENDED';
  initialCategory: string;
  category: string;
  startDate: string;
  endDate: string | null;
  endReasonCode: string | null;
  endReason: string | null;
  unbornAtStart: boolean;
  startedByConferenceId: string;
  lastConferenceId: string;
  version: number;
}

interface PlanRow {
  id: string;
  authority_id: string;
  child_id: string;
  status: 'ACTIVE' | 'ENDED';
  initial_category: string;
  category: string;
  start_date: string;
  end_date: string | null;
  end_reason_code: string | null;
  end_reason: string | null;
  unborn_at_start: boolean;
  started_by_conference_id: string;
  last_conference_id: string;
  version: number;
}

const toRecord = (r: PlanRow): PlanRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  childId: r.child_id,
  status: r.status,
  initialCategory: r.initial_category,
  category: r.category,
  startDate: r.start_date,
  endDate: r.end_date,
  endReasonCode: r.end_reason_code,
  endReason: r.end_reason,
  unbornAtStart: r.unborn_at_start,
  startedByConferenceId: r.started_by_conference_id,
  lastConferenceId: r.last_conference_id,
  version: r.version,
});

export interface NewPlanRecord {
  authorityId: string;
  childId: string;
  category: string;
  startDate: string;
  unbornAtStart: boolean;
  conferenceId: string;
}

/**
 * Every statement on child_protection_plan (the engine's transitions aside). Two reads are of other
 * owners' tables that plans may not import (the folder arrows point the other way): a plan's actions
 * (action) and a child's open review (conference); they read, never write.
 */
@Injectable()
export class PlanRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  async insert(manager: EntityManager, p: NewPlanRecord): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO child_protection_plan (authority_id, child_id, initial_category, category, start_date, unborn_at_start, started_by_conference_id, last_conference_id)
       VALUES ($1, $2, $3, $3, $4, $5, $6, $6) RETURNING id`,
      [p.authorityId, p.childId, p.category, p.startDate, p.unbornAtStart, p.conferenceId],
    );
    return row.id;
  }

  /** The team of the plan's child, if the plan belongs to the authority (the read policy). */
  async teamOf(authorityId: string, id: string): Promise<string | null> {
    const rows: { team_id: string }[] = await this.reads.query(
      'SELECT c.team_id FROM child_protection_plan p JOIN child c ON c.authority_id = p.authority_id AND c.id = p.child_id WHERE p.id = $1 AND p.authority_id = $2',
      [id, authorityId],
    );
    return rows[0]?.team_id ?? null;
  }

  /** The children's active plans, locked for the caller's transaction. */
  async lockActiveOf(manager: EntityManager, authorityId: string, childIds: string[]): Promise<PlanRecord[]> {
    const rows: PlanRow[] = await manager.query(
      "SELECT * FROM child_protection_plan WHERE child_id = ANY($1) AND authority_id = $2 AND status = 'ACTIVE' FOR UPDATE",
      [childIds, authorityId],
    );
    return rows.map(toRecord);
  }

  /** Locks the plan's child (the lock order: the child first), then the plan with its child's team and birth date. */
  async lockWithChild(
    manager: EntityManager,
    authorityId: string,
    id: string,
  ): Promise<(PlanRecord & { teamId: string; dateOfBirth: string | null }) | null> {
    await manager.query(
      'SELECT c.id FROM child c JOIN child_protection_plan p ON p.authority_id = c.authority_id AND p.child_id = c.id WHERE p.id = $1 AND p.authority_id = $2 FOR UPDATE OF c',
      [id, authorityId],
    );
    const rows: (PlanRow & { team_id: string; date_of_birth: string | null })[] = await manager.query(
      `SELECT p.*, c.team_id, c.date_of_birth FROM child_protection_plan p JOIN child c ON c.authority_id = p.authority_id AND c.id = p.child_id
       WHERE p.id = $1 AND p.authority_id = $2 FOR UPDATE OF p`,
      [id, authorityId],
    );
    return rows[0] ? { ...toRecord(rows[0]), teamId: rows[0].team_id, dateOfBirth: rows[0].date_of_birth } : null;
  }

  async findMany(authorityId: string, ids: readonly string[]): Promise<PlanRecord[]> {
    const rows: PlanRow[] = await this.reads.query(
      'SELECT * FROM child_protection_plan WHERE id = ANY($1) AND authority_id = $2',
      [ids, authorityId],
    );
    return rows.map(toRecord);
  }

  /** The children's plans, newest first. */
  async ofChildren(authorityId: string, childIds: readonly string[]): Promise<PlanRecord[]> {
    const rows: PlanRow[] = await this.reads.query(
      'SELECT * FROM child_protection_plan WHERE child_id = ANY($1) AND authority_id = $2 ORDER BY start_date DESC, created_at DESC',
      [childIds, authorityId],
    );
    return rows.map(toRecord);
  }

  /** The due date of each child's open REVIEW conference (the conference table is the conferences module's: read only). */
  async nextReviewDueBy(
    authorityId: string,
    childIds: readonly string[],
  ): Promise<{ childId: string; dueBy: string }[]> {
    const rows: { child_id: string; due_by: string }[] = await this.reads.query(
      `SELECT cc.child_id, min(c.due_by) AS due_by FROM conference c JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id
       WHERE cc.child_id = ANY($1) AND c.authority_id = $2 AND c.type = 'REVIEW' AND c.status IN ('REQUESTED', 'SCHEDULED')
       GROUP BY cc.child_id`,
      [childIds, authorityId],
    );
    return rows.map((r) => ({ childId: r.child_id, dueBy: r.due_by }));
  }
}
