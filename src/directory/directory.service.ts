import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CallerDirectory } from '../auth/caller-directory';
import { CurrentUser, hasRole, Principal } from '../auth/principal';
import { Role } from '../auth/role';
import { PolicyService } from '../auth/policy.service';
import { badField, notFound, notFoundField } from '../common/errors';
import { Clock } from '../clock/clock';
import { CommandRunner } from '../idempotency/command-runner';
import { BirthHooks } from './birth-hooks';
import { ChildRecord, ChildRepository } from './child.repository';
import { returnedRows, Versioned, WorkflowService } from '../workflow/workflow.service';
import { CreateTeamInput, RegisterChildInput, UpsertStaffMemberInput } from './directory.types';

const CACHE_TTL_MS = 30_000;

/** The GraphQL Child from the directory's record (the version stays internal). */
export const childFromRecord = ({ version: _version, ...child }: ChildRecord) => child;

/** Authorities and staff as the tokens reveal them; teams and children as admins record them. */
/** Children are versioned records with no state machine. */
const CHILD: Versioned = { entity: 'Child', table: 'child' };

@Injectable()
export class DirectoryService implements CallerDirectory {
  private readonly callers = new Map<string, { user: CurrentUser; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly commands: CommandRunner,
    private readonly policy: PolicyService,
    private readonly birthHooks: BirthHooks,
    private readonly workflow: WorkflowService,
    private readonly children: ChildRepository,
  ) {}

  /** The token's subject as a staff member of the token's authority, both created on first sight. */
  async resolveCaller(principal: Principal): Promise<CurrentUser> {
    const key = `${principal.authority}\u0000${principal.subject}`;
    const cached = this.callers.get(key);
    if (cached && performance.now() - cached.at < CACHE_TTL_MS && sameIdentity(cached.user, principal)) {
      // Team staff see by team: their team is read afresh every time, so a move made on another
      // instance of the service takes effect at once.
      if (!hasRole(cached.user, Role.SOCIAL_WORKER, Role.TEAM_MANAGER)) return cached.user;
      const [row]: { team_id: string | null }[] = await this.dataSource.query('SELECT team_id FROM staff_member WHERE id = $1', [cached.user.staffId]);
      if (row && row.team_id === cached.user.teamId) return cached.user;
    }
    const user = await this.dataSource.transaction((manager) => this.ensureCaller(manager, principal));
    this.callers.set(key, { user, at: performance.now() });
    if (this.callers.size > 10_000) this.callers.delete(this.callers.keys().next().value as string);
    return user;
  }

  private forgetSubject(authorityId: string, subject: string): void {
    for (const [key, entry] of this.callers) {
      if (entry.user.authorityId === authorityId && entry.user.subject === subject) this.callers.delete(key);
    }
  }

  private async ensureCaller(manager: EntityManager, principal: Principal): Promise<CurrentUser> {
    const authorityId = await this.ensureAuthority(manager, principal.authority);
    // The email claim, like name and roles, is kept up to date at sign-in; a token without one
    // leaves the address an ADMIN set. `before` is the row as this statement found it: a changed
    // name, roles or email is audited with both.
    const rows: { id: string; team_id: string | null; inserted: boolean; old_name: string | null; old_roles: string[] | null; old_email: string | null }[] = await manager.query(
      `WITH before AS (SELECT name, roles, email FROM staff_member WHERE authority_id = $1 AND subject = $2)
       INSERT INTO staff_member (authority_id, subject, name, roles, email) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (authority_id, subject) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, email = COALESCE(EXCLUDED.email, staff_member.email), updated_at = now()
         WHERE staff_member.name IS DISTINCT FROM EXCLUDED.name OR staff_member.roles IS DISTINCT FROM EXCLUDED.roles
           OR (EXCLUDED.email IS NOT NULL AND staff_member.email IS DISTINCT FROM EXCLUDED.email)
       RETURNING id, team_id, (xmax = 0) AS inserted, (SELECT name FROM before) AS old_name, (SELECT roles FROM before) AS old_roles, (SELECT email FROM before) AS old_email`,
      [authorityId, principal.subject, principal.name, principal.roles, principal.email ?? null],
    );
    const row = rows[0] ?? (await manager.query('SELECT id, team_id, false AS inserted FROM staff_member WHERE authority_id = $1 AND subject = $2', [authorityId, principal.subject]))[0];
    if (row.inserted) {
      await this.audit.append(manager, { authorityId, actorId: row.id, entityType: 'StaffMember', entityId: row.id, action: 'STAFF_MEMBER_CREATED', details: { subject: principal.subject, roles: principal.roles, via: 'first sign-in' } });
    } else if (rows[0]) {
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (rows[0].old_name !== principal.name) changes.name = { from: rows[0].old_name, to: principal.name };
      // Roles in another order are the same roles: nothing to audit.
      if (!sameRoles(rows[0].old_roles ?? [], principal.roles)) changes.roles = { from: rows[0].old_roles ?? [], to: principal.roles };
      if (Object.keys(changes).length) await this.audit.append(manager, { authorityId, actorId: row.id, entityType: 'StaffMember', entityId: row.id, action: 'STAFF_MEMBER_UPDATED', details: { subject: principal.subject, ...changes, via: 'token' } });
      if (principal.email && rows[0].old_email !== principal.email) {
        await this.audit.append(manager, { authorityId, actorId: row.id, entityType: 'StaffMember', entityId: row.id, action: 'STAFF_MEMBER_EMAIL_CHANGED', details: { email: principal.email, previousEmail: rows[0].old_email, via: 'sign-in' } });
      }
    }
    return { ...principal, staffId: row.id, authorityId, teamId: row.team_id };
  }

  private async ensureAuthority(manager: EntityManager, code: string): Promise<string> {
    const existing: { id: string }[] = await manager.query('SELECT id FROM authority WHERE code = $1', [code]);
    if (existing[0]) return existing[0].id;
    const inserted: { id: string }[] = await manager.query('INSERT INTO authority (code, name) VALUES ($1, $1) ON CONFLICT (code) DO NOTHING RETURNING id', [code]);
    if (inserted[0]) {
      // The authority's audit chain head is created by AuditService.append with its first event.
      await this.audit.append(manager, { authorityId: inserted[0].id, actorId: null, entityType: 'Authority', entityId: inserted[0].id, action: 'AUTHORITY_CREATED', details: { code } });
      return inserted[0].id;
    }
    return (await manager.query('SELECT id FROM authority WHERE code = $1', [code]))[0].id;
  }

  /** A staff member named by subject (e.g. a team's manager) who may not have signed in yet. */
  private async staffBySubject(manager: EntityManager, user: CurrentUser, subject: string): Promise<string> {
    const rows: { id: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO staff_member (authority_id, subject, name) VALUES ($1, $2, $2)
       ON CONFLICT (authority_id, subject) DO UPDATE SET subject = EXCLUDED.subject RETURNING id, (xmax = 0) AS inserted`,
      [user.authorityId, subject],
    );
    if (rows[0].inserted) {
      await this.audit.append(manager, { authorityId: user.authorityId, actorId: user.staffId, entityType: 'StaffMember', entityId: rows[0].id, action: 'STAFF_MEMBER_CREATED', details: { subject } });
    }
    return rows[0].id;
  }

  async createTeam(user: CurrentUser, input: CreateTeamInput, idempotencyKey: string | null): Promise<string> {
    return this.commands.run({ user, operation: 'createTeam', input, idempotencyKey }, async (manager) => {
      const taken = await manager.query('SELECT 1 FROM team WHERE authority_id = $1 AND lower(name) = lower($2)', [user.authorityId, input.name]);
      if (taken.length) throw badField('name', 'is already the name of a team');
      const managerId = input.managerSubject ? await this.staffBySubject(manager, user, input.managerSubject) : null;
      const serviceManagerId = input.serviceManagerSubject ? await this.staffBySubject(manager, user, input.serviceManagerSubject) : null;
      const [team] = await manager.query(
        'INSERT INTO team (authority_id, name, manager_id, service_manager_id) VALUES ($1, $2, $3, $4) RETURNING id',
        [user.authorityId, input.name, managerId, serviceManagerId],
      );
      // The team's managers belong to it, unless they already belong elsewhere.
      const joined = returnedRows<{ id: string }>(
        await manager.query('UPDATE staff_member SET team_id = $2, updated_at = now() WHERE id = ANY($1) AND team_id IS NULL RETURNING id', [[managerId, serviceManagerId].filter(Boolean), team.id]),
      );
      for (const { id } of joined) {
        await this.audit.append(manager, { authorityId: user.authorityId, actorId: user.staffId, entityType: 'StaffMember', entityId: id, action: 'STAFF_MEMBER_UPDATED', details: { teamId: team.id, via: 'createTeam' } });
      }
      await this.audit.append(manager, { authorityId: user.authorityId, actorId: user.staffId, entityType: 'Team', entityId: team.id, action: 'TEAM_CREATED', details: { name: input.name, managerId, serviceManagerId } });
      for (const subject of [input.managerSubject, input.serviceManagerSubject]) if (subject) this.forgetSubject(user.authorityId, subject);
      return team.id;
    });
  }

  async upsertStaffMember(user: CurrentUser, input: UpsertStaffMemberInput, idempotencyKey: string | null): Promise<string> {
    return this.commands.run({ user, operation: 'upsertStaffMember', input, idempotencyKey }, async (manager) => {
      if (input.teamId) await this.teamInAuthority(manager, user, input.teamId);
      const [row] = await manager.query(
        `INSERT INTO staff_member (authority_id, subject, name, team_id, email) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (authority_id, subject) DO UPDATE SET name = EXCLUDED.name, team_id = EXCLUDED.team_id, email = COALESCE(EXCLUDED.email, staff_member.email), updated_at = now()
         RETURNING id, (xmax = 0) AS inserted`,
        [user.authorityId, input.subject, input.name, input.teamId ?? null, input.email?.toLowerCase() ?? null],
      );
      const details: Record<string, unknown> = { subject: input.subject, name: input.name, teamId: input.teamId ?? null };
      if (input.email) details.email = input.email.toLowerCase();
      await this.audit.append(manager, { authorityId: user.authorityId, actorId: user.staffId, entityType: 'StaffMember', entityId: row.id, action: row.inserted ? 'STAFF_MEMBER_CREATED' : 'STAFF_MEMBER_UPDATED', details });
      this.forgetSubject(user.authorityId, input.subject);
      return row.id;
    });
  }

  async registerChild(user: CurrentUser, input: RegisterChildInput, idempotencyKey: string | null): Promise<string> {
    const today = this.clock.today();
    const problems = [];
    if (!input.dateOfBirth && !input.expectedDateOfBirth) problems.push({ field: 'dateOfBirth', message: 'or expectedDateOfBirth is required' });
    if (input.dateOfBirth && input.expectedDateOfBirth) problems.push({ field: 'expectedDateOfBirth', message: 'is only for an unborn child; give one of the two' });
    if (input.dateOfBirth && input.dateOfBirth > today) problems.push({ field: 'dateOfBirth', message: 'must not be in the future' });
    if (problems.length) throw badField(problems[0].field, problems[0].message);
    return this.commands.run({ user, operation: 'registerChild', input, idempotencyKey }, async (manager) => {
      await this.teamInAuthority(manager, user, input.teamId);
      if (input.socialWorkerId) await this.staffInAuthority(manager, user, input.socialWorkerId, 'socialWorkerId');
      const taken = await manager.query('SELECT 1 FROM child WHERE authority_id = $1 AND case_reference = $2', [user.authorityId, input.caseReference]);
      if (taken.length) throw badField('caseReference', 'is already registered');
      const [child] = await manager.query(
        `INSERT INTO child (authority_id, case_reference, name, date_of_birth, expected_date_of_birth, team_id, social_worker_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [user.authorityId, input.caseReference, input.name, input.dateOfBirth ?? null, input.expectedDateOfBirth ?? null, input.teamId, input.socialWorkerId ?? null],
      );
      await this.audit.append(manager, { authorityId: user.authorityId, actorId: user.staffId, entityType: 'Child', entityId: child.id, action: 'CHILD_REGISTERED', details: { caseReference: input.caseReference, teamId: input.teamId, unborn: !input.dateOfBirth } });
      return child.id;
    });
  }

  async recordBirth(user: CurrentUser, childId: string, dateOfBirth: string): Promise<string> {
    if (dateOfBirth > this.clock.today()) throw badField('dateOfBirth', 'must not be in the future');
    return this.dataSource.transaction(async (manager) => {
      const child = await this.childOfAuthority(manager, user, childId, { lock: true });
      this.policy.assertCanWriteForTeam(user, child.teamId, 'recordBirth');
      if (child.dateOfBirth) throw badField('childId', 'this child\'s birth is already recorded');
      await this.workflow.update(manager, CHILD, {
        id: childId, authorityId: user.authorityId, set: { date_of_birth: dateOfBirth },
        audit: { actorId: user.staffId, action: 'CHILD_BIRTH_RECORDED', details: { dateOfBirth, expectedDateOfBirth: child.expectedDateOfBirth } },
      });
      await this.birthHooks.run(manager, user, childId, dateOfBirth);
      return childId;
    });
  }

  /**
   * "Does this child belong to my authority?", answered in one place: another authority's child,
   * or none, is NOT_FOUND (on the input field `field` when the id came in an input).
   */
  async childOfAuthority(db: EntityManager | DataSource, user: CurrentUser, childId: string, options: { field?: string; lock?: boolean } = {}): Promise<ChildRecord> {
    const child = await this.children.find(db, user.authorityId, childId, { lock: options.lock });
    if (!child) throw options.field ? notFoundField(options.field, 'child') : notFound('Child', childId);
    return child;
  }

  /** A child of the caller's authority that the caller may see: another authority's is NOT_FOUND. */
  async readableChild(user: CurrentUser, childId: string, manager: EntityManager | DataSource = this.dataSource) {
    const child = await this.childOfAuthority(manager, user, childId);
    this.policy.assertCanReadTeam(user, child.teamId, 'the child');
    return childFromRecord(child);
  }

  async teamInAuthority(manager: EntityManager, user: CurrentUser, teamId: string): Promise<void> {
    const rows = await manager.query('SELECT 1 FROM team WHERE id = $1 AND authority_id = $2', [teamId, user.authorityId]);
    if (!rows.length) throw notFoundField('teamId', 'team');
  }

  async staffInAuthority(manager: EntityManager | DataSource, user: CurrentUser, staffId: string, field: string): Promise<{ id: string; team_id: string | null; roles: string[] }> {
    const [row] = await manager.query('SELECT id, team_id, roles FROM staff_member WHERE id = $1 AND authority_id = $2', [staffId, user.authorityId]);
    if (!row) throw notFoundField(field, 'member of staff');
    return row;
  }
}

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r) => b.includes(r));

const sameIdentity = (user: CurrentUser, principal: Principal) =>
  user.name === principal.name && (user.email ?? null) === (principal.email ?? null) && sameRoles(user.roles, principal.roles);
