import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ReadPool } from '../common/read-pool';

/** A conversation as recorded: a chair's informal challenge about one child. */
export interface ConversationRecord {
  id: string;
  heldOn: string;
  summary: string;
  chairId: string;
  withStaffId: string;
  childId: string;
  escalationId: string | null;
}

interface ConversationRow {
  id: string;
  chair_id: string;
  with_staff_id: string;
  child_id: string;
  held_on: string;
  summary: string;
  escalation_id: string | null;
}

const toRecord = (r: ConversationRow): ConversationRecord => ({
  id: r.id,
  heldOn: r.held_on,
  summary: r.summary,
  chairId: r.chair_id,
  withStaffId: r.with_staff_id,
  childId: r.child_id,
  escalationId: r.escalation_id,
});

const COLUMNS = 'v.id, v.chair_id, v.with_staff_id, v.child_id, v.held_on, v.summary, v.escalation_id';

/** Every statement on the conversation table (the engine's update aside), scoped to one authority. */
@Injectable()
export class ConversationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  async insert(
    manager: EntityManager,
    c: { authorityId: string; chairId: string; withStaffId: string; childId: string; heldOn: string; summary: string },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      'INSERT INTO conversation (authority_id, chair_id, with_staff_id, child_id, held_on, summary) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [c.authorityId, c.chairId, c.withStaffId, c.childId, c.heldOn, c.summary],
    );
    return row.id;
  }

  /** The conversation with its child's team (for the read policy). */
  async findWithTeam(authorityId: string, id: string): Promise<(ConversationRecord & { teamId: string }) | null> {
    const rows: (ConversationRow & { team_id: string })[] = await this.reads.query(
      `SELECT ${COLUMNS}, c.team_id FROM conversation v JOIN child c ON c.authority_id = v.authority_id AND c.id = v.child_id WHERE v.id = $1 AND v.authority_id = $2`,
      [id, authorityId],
    );
    return rows[0] ? { ...toRecord(rows[0]), teamId: rows[0].team_id } : null;
  }

  /** Locks the row for the caller's transaction (promotion to an escalation). */
  async lock(manager: EntityManager, authorityId: string, id: string): Promise<ConversationRecord | null> {
    const rows: ConversationRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM conversation v WHERE v.id = $1 AND v.authority_id = $2 FOR UPDATE`,
      [id, authorityId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findMany(authorityId: string, ids: readonly string[]): Promise<ConversationRecord[]> {
    const rows: ConversationRow[] = await this.reads.query(
      `SELECT ${COLUMNS} FROM conversation v WHERE v.authority_id = $1 AND v.id = ANY($2)`,
      [authorityId, ids],
    );
    return rows.map(toRecord);
  }
}
