import { ProcedureSettings, TransferInClockStart } from './authority-procedure-settings';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { Role } from '../auth/role';
import { TeamDirectory } from '../auth/team-directory';
import { returnedRows } from '../workflow/workflow.service';
import { BreachPolicy } from './authority.entity';
import { JsonColumns } from '../common/json-row';
import { ReadDb, ReadPool } from '../common/read-pool';

type Db = ReadDb;

/** A member of staff as the directory records them. */
export interface StaffRecord {
  id: string;
  subject: string;
  name: string;
  roles: Role[];
  teamId: string | null;
  email: string | null;
  emailMode: string;
}

interface StaffRow {
  id: string;
  subject: string;
  name: string;
  roles: Role[];
  team_id: string | null;
  email: string | null;
  email_mode: string;
}

const STAFF_COLUMNS = 'id, subject, name, roles, team_id, email, email_mode';

const staffFromRow = (r: StaffRow): StaffRecord => ({
  id: r.id,
  subject: r.subject,
  name: r.name,
  roles: r.roles,
  teamId: r.team_id,
  email: r.email,
  emailMode: r.email_mode,
});

/** Read joins (src/common/json-row.ts): the staff_member row `alias` as JSON in another owner's statement, and back. */
const STAFF_JSON = new JsonColumns(STAFF_COLUMNS);
export const staffJsonSql = (alias: string): string => STAFF_JSON.sql(alias);
export const staffFromJson = (json: readonly unknown[]): StaffRecord => staffFromRow(STAFF_JSON.row(json));

/** A team as recorded. */
export interface TeamRecord {
  id: string;
  name: string;
  managerId: string | null;
  serviceManagerId: string | null;
}

interface TeamRow {
  id: string;
  name: string;
  manager_id: string | null;
  service_manager_id: string | null;
}

const teamFromRow = (r: TeamRow): TeamRecord => ({
  id: r.id,
  name: r.name,
  managerId: r.manager_id,
  serviceManagerId: r.service_manager_id,
});

/** The authority's procedure settings as stored (defaults applied by AuthoritySettingsService). */
export interface AuthoritySettingsRecord {
  id: string;
  code: string;
  stageResponseWorkingDays: number[];
  coreGroupIntervalWeeks: number;
  breachPolicy: BreachPolicy;
  advocateAgeThreshold: number;
  closureDays: string[] | null;
  caseAuditRoles: string[] | null;
  caseAuditAgreementWorkingDays: number | null;
  quorumOtherAgencies: number | null;
  reportToFamilyIcpcWorkingDays: number | null;
  reportToFamilyReviewWorkingDays: number | null;
  minutesWorkingDays: number | null;
  preBirthReviewWorkingDays: number | null;
  transferInClockStart: TransferInClockStart | null;
}

interface AuthoritySettingsRow {
  id: string;
  code: string;
  stage_response_working_days: number[];
  core_group_interval_weeks: number;
  breach_policy: BreachPolicy;
  advocate_age_threshold: number;
  closure_days: string[] | null;
  case_audit_roles: string[] | null;
  case_audit_agreement_working_days: number | null;
  quorum_other_agencies: number | null;
  report_to_family_icpc_working_days: number | null;
  report_to_family_review_working_days: number | null;
  minutes_working_days: number | null;
  pre_birth_review_working_days: number | null;
  transfer_in_clock_start: TransferInClockStart | null;
}

/** The caller's staff row after sign-in: `previous` is the row as the upsert found it (null when inserted or unchanged). */
export interface CallerUpsert {
  id: string;
  teamId: string | null;
  inserted: boolean;
  previous: { name: string | null; roles: string[] | null; email: string | null } | null;
}

/** Every statement on the authority, staff_member and team tables: the directory owns them. */
@Injectable()
export class DirectoryRepository implements TeamDirectory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  // --- authority -----------------------------------------------------------------------------

  async authorityIdByCode(db: Db, code: string): Promise<string | null> {
    const rows: { id: string }[] = await db.query('SELECT id FROM authority WHERE code = $1', [code]);
    return rows[0]?.id ?? null;
  }

  /** The new authority's id, or null when another transaction created it first. */
  async insertAuthority(manager: EntityManager, code: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      'INSERT INTO authority (code, name) VALUES ($1, $1) ON CONFLICT (code) DO NOTHING RETURNING id',
      [code],
    );
    return rows[0]?.id ?? null;
  }

  async authoritySettings(db: Db | undefined, authorityId: string): Promise<AuthoritySettingsRecord | null> {
    const rows: AuthoritySettingsRow[] = await (db ?? this.reads).query(
      `SELECT id, code, stage_response_working_days, core_group_interval_weeks, breach_policy, advocate_age_threshold, closure_days::text[] AS closure_days,
              case_audit_roles, case_audit_agreement_working_days,
              quorum_other_agencies, report_to_family_icpc_working_days, report_to_family_review_working_days, minutes_working_days,
              pre_birth_review_working_days, transfer_in_clock_start
       FROM authority WHERE id = $1`,
      [authorityId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      code: r.code,
      stageResponseWorkingDays: r.stage_response_working_days,
      coreGroupIntervalWeeks: r.core_group_interval_weeks,
      breachPolicy: r.breach_policy,
      advocateAgeThreshold: r.advocate_age_threshold,
      closureDays: r.closure_days,
      caseAuditRoles: r.case_audit_roles,
      caseAuditAgreementWorkingDays: r.case_audit_agreement_working_days,
      quorumOtherAgencies: r.quorum_other_agencies,
      reportToFamilyIcpcWorkingDays: r.report_to_family_icpc_working_days,
      reportToFamilyReviewWorkingDays: r.report_to_family_review_working_days,
      minutesWorkingDays: r.minutes_working_days,
      preBirthReviewWorkingDays: r.pre_birth_review_working_days,
      transferInClockStart: r.transfer_in_clock_start,
    };
  }

  /** Issue 14: the procedure settings, locked for a change in the caller's transaction. */
  async lockProcedureSettings(manager: EntityManager, authorityId: string): Promise<ProcedureSettings> {
    const [r]: { pre_birth_review_working_days: number; transfer_in_clock_start: TransferInClockStart }[] =
      await manager.query(
        'SELECT pre_birth_review_working_days, transfer_in_clock_start FROM authority WHERE id = $1 FOR UPDATE',
        [authorityId],
      );
    return {
      preBirthReviewWorkingDays: r.pre_birth_review_working_days,
      transferInClockStart: r.transfer_in_clock_start,
    };
  }

  async updateProcedureSettings(manager: EntityManager, authorityId: string, s: ProcedureSettings): Promise<void> {
    await manager.query(
      'UPDATE authority SET pre_birth_review_working_days = $2, transfer_in_clock_start = $3 WHERE id = $1',
      [authorityId, s.preBirthReviewWorkingDays, s.transferInClockStart],
    );
  }

  // --- staff_member --------------------------------------------------------------------------

  /** The token's subject as staff: inserted, or its name, roles and email brought up to date (null when nothing changed). */
  async upsertCaller(manager: EntityManager, authorityId: string, principal: Principal): Promise<CallerUpsert | null> {
    // `before` is the row as this statement found it: a changed name, roles or email is audited with both.
    const rows: {
      id: string;
      team_id: string | null;
      inserted: boolean;
      old_name: string | null;
      old_roles: string[] | null;
      old_email: string | null;
    }[] = await manager.query(
      `WITH before AS (SELECT name, roles, email FROM staff_member WHERE authority_id = $1 AND subject = $2)
       INSERT INTO staff_member (authority_id, subject, name, roles, email) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (authority_id, subject) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, email = COALESCE(EXCLUDED.email, staff_member.email), updated_at = now()
         WHERE staff_member.name IS DISTINCT FROM EXCLUDED.name OR staff_member.roles IS DISTINCT FROM EXCLUDED.roles
           OR (EXCLUDED.email IS NOT NULL AND staff_member.email IS DISTINCT FROM EXCLUDED.email)
       RETURNING id, team_id, (xmax = 0) AS inserted, (SELECT name FROM before) AS old_name, (SELECT roles FROM before) AS old_roles, (SELECT email FROM before) AS old_email`,
      [authorityId, principal.subject, principal.name, principal.roles, principal.email ?? null],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      teamId: r.team_id,
      inserted: r.inserted,
      previous: r.inserted ? null : { name: r.old_name, roles: r.old_roles, email: r.old_email },
    };
  }

  async staffBySubject(db: Db, authorityId: string, subject: string): Promise<StaffRecord | null> {
    const rows: StaffRow[] = await db.query(
      `SELECT ${STAFF_COLUMNS} FROM staff_member WHERE authority_id = $1 AND subject = $2`,
      [authorityId, subject],
    );
    return rows[0] ? staffFromRow(rows[0]) : null;
  }

  /** The staff member's current team (read afresh for team staff on every request). */
  async teamIdOf(authorityId: string, staffId: string): Promise<{ teamId: string | null } | null> {
    const rows: { team_id: string | null }[] = await this.reads.query(
      'SELECT team_id FROM staff_member WHERE id = $1 AND authority_id = $2',
      [staffId, authorityId],
    );
    return rows[0] ? { teamId: rows[0].team_id } : null;
  }

  /** A person named by subject who may not have signed in yet: created with the subject as name. */
  async ensureStaffBySubject(
    manager: EntityManager,
    authorityId: string,
    subject: string,
  ): Promise<{ id: string; inserted: boolean }> {
    const rows: { id: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO staff_member (authority_id, subject, name) VALUES ($1, $2, $2)
       ON CONFLICT (authority_id, subject) DO UPDATE SET subject = EXCLUDED.subject RETURNING id, (xmax = 0) AS inserted`,
      [authorityId, subject],
    );
    return rows[0];
  }

  async upsertStaff(
    manager: EntityManager,
    authorityId: string,
    s: { subject: string; name: string; teamId: string | null; email: string | null },
  ): Promise<{ id: string; inserted: boolean }> {
    const rows: { id: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO staff_member (authority_id, subject, name, team_id, email) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (authority_id, subject) DO UPDATE SET name = EXCLUDED.name, team_id = EXCLUDED.team_id, email = COALESCE(EXCLUDED.email, staff_member.email), updated_at = now()
       RETURNING id, (xmax = 0) AS inserted`,
      [authorityId, s.subject, s.name, s.teamId, s.email],
    );
    return rows[0];
  }

  /** Puts those of the staff who have no team into the team; returns who moved. */
  async joinTeamIfUnassigned(
    manager: EntityManager,
    authorityId: string,
    staffIds: string[],
    teamId: string,
  ): Promise<string[]> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        'UPDATE staff_member SET team_id = $2, updated_at = now() WHERE id = ANY($1) AND team_id IS NULL AND authority_id = $3 RETURNING id',
        [staffIds, teamId, authorityId],
      ),
    );
    return rows.map((r) => r.id);
  }

  async findStaff(
    db: Db,
    authorityId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<StaffRecord | null> {
    const rows: StaffRow[] = await db.query(
      `SELECT ${STAFF_COLUMNS} FROM staff_member WHERE id = $1 AND authority_id = $2${options.lock ? ' FOR UPDATE' : ''}`,
      [id, authorityId],
    );
    return rows[0] ? staffFromRow(rows[0]) : null;
  }

  async findStaffMany(authorityId: string, ids: readonly string[]): Promise<StaffRecord[]> {
    const rows: StaffRow[] = await this.reads.query(
      `SELECT ${STAFF_COLUMNS} FROM staff_member WHERE id = ANY($1) AND authority_id = $2`,
      [ids, authorityId],
    );
    return rows.map(staffFromRow);
  }

  /**
   * Recipients across authorities for the notification fan-out (outside a request, so no single
   * authority): the ids come from the authority-scoped outbox rows.
   */
  async contactsAnyAuthority(
    db: Db,
    ids: readonly string[],
  ): Promise<{ id: string; subject: string; email: string | null; emailMode: string }[]> {
    const rows: { id: string; subject: string; email: string | null; email_mode: string }[] = await db.query(
      'SELECT id, subject, email, email_mode FROM staff_member WHERE id = ANY($1)',
      [ids],
    );
    return rows.map((r) => ({ id: r.id, subject: r.subject, email: r.email, emailMode: r.email_mode }));
  }

  /** Where a delivery's email goes. */
  async emailOf(db: Db, authorityId: string, staffId: string): Promise<string | null> {
    const rows: { email: string | null }[] = await db.query(
      'SELECT email FROM staff_member WHERE id = $1 AND authority_id = $2',
      [staffId, authorityId],
    );
    return rows[0]?.email ?? null;
  }

  async adminIds(db: Db, authorityId: string): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      "SELECT id FROM staff_member WHERE authority_id = $1 AND 'ADMIN' = ANY(roles)",
      [authorityId],
    );
    return rows.map((r) => r.id);
  }

  /** The authority's staff with the role, in the team if one is given. */
  async staffWithRole(db: Db, authorityId: string, role: Role, teamId: string | null): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      'SELECT id FROM staff_member WHERE authority_id = $1 AND $2 = ANY(roles) AND ($3::uuid IS NULL OR team_id = $3)',
      [authorityId, role, teamId],
    );
    return rows.map((r) => r.id);
  }

  /** The authority's directors. */
  async directorIds(db: Db, authorityId: string): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      "SELECT id FROM staff_member WHERE authority_id = $1 AND 'DIRECTOR' = ANY(roles)",
      [authorityId],
    );
    return rows.map((r) => r.id);
  }

  /** Whether the staff member of the authority has the role. */
  async staffHasRole(db: Db, authorityId: string, staffId: string, role: Role): Promise<boolean> {
    const rows: { id: string }[] = await db.query(
      'SELECT id FROM staff_member WHERE id = $1 AND authority_id = $2 AND $3 = ANY(roles)',
      [staffId, authorityId, role],
    );
    return rows.length > 0;
  }

  /** Those of the staff ids that are staff of the authority. */
  async staffOfAuthority(db: Db, authorityId: string, staffIds: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      'SELECT id FROM staff_member WHERE id = ANY($1) AND authority_id = $2',
      [staffIds, authorityId],
    );
    return rows.map((r) => r.id);
  }

  /** Whether `managerId` is the team manager or service manager of `staffId`'s team, and not that person. */
  async manages(db: Db, authorityId: string, managerId: string, staffId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `SELECT 1 FROM staff_member s JOIN team t ON t.id = s.team_id
       WHERE s.id = $1 AND s.authority_id = $2 AND $3 IN (t.manager_id, t.service_manager_id) AND s.id <> $3`,
      [staffId, authorityId, managerId],
    );
    return rows.length > 0;
  }

  async setEmailMode(manager: EntityManager, authorityId: string, staffId: string, emailMode: string): Promise<void> {
    await manager.query(
      'UPDATE staff_member SET email_mode = $3, updated_at = now() WHERE id = $1 AND authority_id = $2',
      [staffId, authorityId, emailMode],
    );
  }

  // --- team ----------------------------------------------------------------------------------

  async teamExists(authorityId: string, teamId: string, db: Db = this.reads): Promise<boolean> {
    const rows: unknown[] = await db.query('SELECT 1 FROM team WHERE id = $1 AND authority_id = $2', [
      teamId,
      authorityId,
    ]);
    return rows.length > 0;
  }

  async teamNameTaken(manager: EntityManager, authorityId: string, name: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM team WHERE authority_id = $1 AND lower(name) = lower($2)',
      [authorityId, name],
    );
    return rows.length > 0;
  }

  async insertTeam(
    manager: EntityManager,
    t: { authorityId: string; name: string; managerId: string | null; serviceManagerId: string | null },
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      'INSERT INTO team (authority_id, name, manager_id, service_manager_id) VALUES ($1, $2, $3, $4) RETURNING id',
      [t.authorityId, t.name, t.managerId, t.serviceManagerId],
    );
    return rows[0].id;
  }

  async findTeamMany(authorityId: string, ids: readonly string[]): Promise<TeamRecord[]> {
    const rows: TeamRow[] = await this.reads.query(
      'SELECT id, name, manager_id, service_manager_id FROM team WHERE id = ANY($1) AND authority_id = $2',
      [ids, authorityId],
    );
    return rows.map(teamFromRow);
  }
}
