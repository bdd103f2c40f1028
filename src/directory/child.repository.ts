import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JsonColumns } from '../common/json-row';
import { ReadDb, ReadPool } from '../common/read-pool';

/** A child as the directory records it. */
export interface ChildRecord {
  id: string;
  authorityId: string;
  caseReference: string;
  name: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  teamId: string;
  socialWorkerId: string | null;
  version: number;
}

/** The team a child belongs to, with the people an escalation goes to. */
export interface ChildTeamRecord {
  teamId: string;
  managerId: string | null;
  serviceManagerId: string | null;
}

interface ChildRow {
  id: string;
  authority_id: string;
  case_reference: string;
  name: string;
  date_of_birth: string | null;
  expected_date_of_birth: string | null;
  team_id: string;
  social_worker_id: string | null;
  version: number;
}

const COLUMNS =
  'id, authority_id, case_reference, name, date_of_birth, expected_date_of_birth, team_id, social_worker_id, version';

const toRecord = (r: ChildRow): ChildRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  caseReference: r.case_reference,
  name: r.name,
  dateOfBirth: r.date_of_birth,
  expectedDateOfBirth: r.expected_date_of_birth,
  teamId: r.team_id,
  socialWorkerId: r.social_worker_id,
  version: r.version,
});

/** Read joins (src/common/json-row.ts): the child row `alias` as JSON in another owner's statement, and back. */
const JSON_COLUMNS = new JsonColumns(COLUMNS);
export const childJsonSql = (alias: string): string => JSON_COLUMNS.sql(alias);
export const childFromJson = (json: readonly unknown[]): ChildRecord => toRecord(JSON_COLUMNS.row(json));

/** Every read of the child table by id, scoped to one authority: the directory owns the table. */
@Injectable()
export class ChildRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  /** The child, if it belongs to the authority; `lock` holds its row for the caller's transaction. */
  async find(
    db: ReadDb,
    authorityId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<ChildRecord | null> {
    const rows: ChildRow[] = await db.query(
      `SELECT ${COLUMNS} FROM child WHERE id = $1 AND authority_id = $2${options.lock ? ' FOR UPDATE' : ''}`,
      [id, authorityId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Those of the children that belong to the authority, in any order (loaders key them). */
  async findMany(authorityId: string, ids: readonly string[], db: ReadDb = this.reads): Promise<ChildRecord[]> {
    const rows: ChildRow[] = await db.query(`SELECT ${COLUMNS} FROM child WHERE id = ANY($1) AND authority_id = $2`, [
      ids,
      authorityId,
    ]);
    return rows.map(toRecord);
  }

  /** The child's team with its manager and service manager (child joined to team). */
  async teamOf(db: ReadDb, authorityId: string, childId: string): Promise<ChildTeamRecord | null> {
    const rows: { team_id: string; manager_id: string | null; service_manager_id: string | null }[] = await db.query(
      'SELECT c.team_id, t.manager_id, t.service_manager_id FROM child c JOIN team t ON t.authority_id = c.authority_id AND t.id = c.team_id WHERE c.id = $1 AND c.authority_id = $2',
      [childId, authorityId],
    );
    return rows[0]
      ? { teamId: rows[0].team_id, managerId: rows[0].manager_id, serviceManagerId: rows[0].service_manager_id }
      : null;
  }

  async caseReferenceTaken(manager: EntityManager, authorityId: string, caseReference: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM child WHERE authority_id = $1 AND case_reference = $2', [
      authorityId,
      caseReference,
    ]);
    return rows.length > 0;
  }

  async insert(
    manager: EntityManager,
    c: {
      authorityId: string;
      caseReference: string;
      name: string;
      dateOfBirth: string | null;
      expectedDateOfBirth: string | null;
      teamId: string;
      socialWorkerId: string | null;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO child (authority_id, case_reference, name, date_of_birth, expected_date_of_birth, team_id, social_worker_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [c.authorityId, c.caseReference, c.name, c.dateOfBirth, c.expectedDateOfBirth, c.teamId, c.socialWorkerId],
    );
    return rows[0].id;
  }
}

/** The rows `lockChildren` hands to conferences and s47 enquiries (their shape predates the repository). */
/** A child locked for the rest of a transaction, with what conferences and enquiries start from. */
export interface LockedChildRecord {
  id: string;
  teamId: string;
  caseReference: string;
  dateOfBirth: string | null;
}

/** Locks the authority's children among `ids`, in id order, for the caller's transaction. */
export async function lockChildRows(
  manager: EntityManager,
  authorityId: string,
  ids: string[],
): Promise<LockedChildRecord[]> {
  const rows: { id: string; team_id: string; case_reference: string; date_of_birth: string | null }[] =
    await manager.query(
      'SELECT id, team_id, case_reference, date_of_birth FROM child WHERE id = ANY($1) AND authority_id = $2 ORDER BY id FOR UPDATE',
      [ids, authorityId],
    );
  return rows.map((r) => ({
    id: r.id,
    teamId: r.team_id,
    caseReference: r.case_reference,
    dateOfBirth: r.date_of_birth,
  }));
}
