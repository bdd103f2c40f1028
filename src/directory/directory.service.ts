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
import { DirectoryRepository, StaffRecord } from './directory.repository';
import { Versioned, WorkflowService } from '../workflow/workflow.service';
import { CreateTeamInput, RegisterChildInput, UpsertStaffMemberInput } from './directory.types';
import { ReadDb, ReadPool } from '../common/read-pool';

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
    private readonly repository: DirectoryRepository,
    private readonly reads: ReadPool,
  ) {}

  /** The token's subject as a staff member of the token's authority, both created on first sight. */
  async resolveCaller(principal: Principal): Promise<CurrentUser> {
    const key = `${principal.authority}\u0000${principal.subject}`;
    const cached = this.callers.get(key);
    if (cached && performance.now() - cached.at < CACHE_TTL_MS && sameIdentity(cached.user, principal)) {
      // Team staff see by team: their team is read afresh every time, so a move made on another
      // instance of the service takes effect at once.
      if (!hasRole(cached.user, Role.SOCIAL_WORKER, Role.TEAM_MANAGER)) return cached.user;
      const row = await this.repository.teamIdOf(cached.user.authorityId, cached.user.staffId);
      if (row && row.teamId === cached.user.teamId) return cached.user;
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
    // leaves the address an ADMIN set. A changed name, roles or email is audited with both.
    const changed = await this.repository.upsertCaller(manager, authorityId, principal);
    const row = changed ?? (await this.repository.staffBySubject(manager, authorityId, principal.subject))!;
    if (changed?.inserted) {
      await this.audit.append(manager, {
        authorityId,
        actorId: row.id,
        entityType: 'StaffMember',
        entityId: row.id,
        action: 'STAFF_MEMBER_CREATED',
        details: { subject: principal.subject, roles: principal.roles, via: 'first sign-in' },
      });
    } else if (changed?.previous) {
      const old = changed.previous;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (old.name !== principal.name) changes.name = { from: old.name, to: principal.name };
      // Roles in another order are the same roles: nothing to audit.
      if (!sameRoles(old.roles ?? [], principal.roles)) changes.roles = { from: old.roles ?? [], to: principal.roles };
      if (Object.keys(changes).length)
        await this.audit.append(manager, {
          authorityId,
          actorId: row.id,
          entityType: 'StaffMember',
          entityId: row.id,
          action: 'STAFF_MEMBER_UPDATED',
          details: { subject: principal.subject, ...changes, via: 'token' },
        });
      if (principal.email && old.email !== principal.email) {
        await this.audit.append(manager, {
          authorityId,
          actorId: row.id,
          entityType: 'StaffMember',
          entityId: row.id,
          action: 'STAFF_MEMBER_EMAIL_CHANGED',
          details: { email: principal.email, previousEmail: old.email, via: 'sign-in' },
        });
      }
    }
    return { ...principal, staffId: row.id, authorityId, teamId: row.teamId };
  }

  private async ensureAuthority(manager: EntityManager, code: string): Promise<string> {
    const existing = await this.repository.authorityIdByCode(manager, code);
    if (existing) return existing;
    const inserted = await this.repository.insertAuthority(manager, code);
    if (inserted) {
      // The authority's audit chain head is created by AuditService.append with its first event.
      await this.audit.append(manager, {
        authorityId: inserted,
        actorId: null,
        entityType: 'Authority',
        entityId: inserted,
        action: 'AUTHORITY_CREATED',
        details: { code },
      });
      return inserted;
    }
    return (await this.repository.authorityIdByCode(manager, code))!;
  }

  /** A staff member named by subject (e.g. a team's manager) who may not have signed in yet. */
  private async staffBySubject(manager: EntityManager, user: CurrentUser, subject: string): Promise<string> {
    const row = await this.repository.ensureStaffBySubject(manager, user.authorityId, subject);
    if (row.inserted) {
      await this.audit.append(manager, {
        authorityId: user.authorityId,
        actorId: user.staffId,
        entityType: 'StaffMember',
        entityId: row.id,
        action: 'STAFF_MEMBER_CREATED',
        details: { subject },
      });
    }
    return row.id;
  }

  async createTeam(user: CurrentUser, input: CreateTeamInput, idempotencyKey: string | null): Promise<string> {
    return this.commands.run({ user, operation: 'createTeam', input, idempotencyKey }, async (manager) => {
      if (await this.repository.teamNameTaken(manager, user.authorityId, input.name))
        throw badField('name', 'is already the name of a team');
      const managerId = input.managerSubject ? await this.staffBySubject(manager, user, input.managerSubject) : null;
      const serviceManagerId = input.serviceManagerSubject
        ? await this.staffBySubject(manager, user, input.serviceManagerSubject)
        : null;
      const teamId = await this.repository.insertTeam(manager, {
        authorityId: user.authorityId,
        name: input.name,
        managerId,
        serviceManagerId,
      });
      // The team's managers belong to it, unless they already belong elsewhere.
      const managers = [managerId, serviceManagerId].filter((id): id is string => !!id);
      const joined = await this.repository.joinTeamIfUnassigned(manager, user.authorityId, managers, teamId);
      for (const id of joined) {
        await this.audit.append(manager, {
          authorityId: user.authorityId,
          actorId: user.staffId,
          entityType: 'StaffMember',
          entityId: id,
          action: 'STAFF_MEMBER_UPDATED',
          details: { teamId, via: 'createTeam' },
        });
      }
      await this.audit.append(manager, {
        authorityId: user.authorityId,
        actorId: user.staffId,
        entityType: 'Team',
        entityId: teamId,
        action: 'TEAM_CREATED',
        details: { name: input.name, managerId, serviceManagerId },
      });
      for (const subject of [input.managerSubject, input.serviceManagerSubject])
        if (subject) this.forgetSubject(user.authorityId, subject);
      return teamId;
    });
  }

  async upsertStaffMember(
    user: CurrentUser,
    input: UpsertStaffMemberInput,
    idempotencyKey: string | null,
  ): Promise<string> {
    return this.commands.run({ user, operation: 'upsertStaffMember', input, idempotencyKey }, async (manager) => {
      if (input.teamId) await this.teamInAuthority(manager, user, input.teamId);
      const row = await this.repository.upsertStaff(manager, user.authorityId, {
        subject: input.subject,
        name: input.name,
        teamId: input.teamId ?? null,
        email: input.email?.toLowerCase() ?? null,
      });
      const details: Record<string, unknown> = {
        subject: input.subject,
        name: input.name,
        teamId: input.teamId ?? null,
      };
      if (input.email) details.email = input.email.toLowerCase();
      await this.audit.append(manager, {
        authorityId: user.authorityId,
        actorId: user.staffId,
        entityType: 'StaffMember',
        entityId: row.id,
        action: row.inserted ? 'STAFF_MEMBER_CREATED' : 'STAFF_MEMBER_UPDATED',
        details,
      });
      this.forgetSubject(user.authorityId, input.subject);
      return row.id;
    });
  }

  async registerChild(user: CurrentUser, input: RegisterChildInput, idempotencyKey: string | null): Promise<string> {
    const today = this.clock.today();
    const problems = [];
    if (!input.dateOfBirth && !input.expectedDateOfBirth)
      problems.push({ field: 'dateOfBirth', message: 'or expectedDateOfBirth is required' });
    if (input.dateOfBirth && input.expectedDateOfBirth)
      problems.push({ field: 'expectedDateOfBirth', message: 'is only for an unborn child; give one of the two' });
    if (input.dateOfBirth && input.dateOfBirth > today)
      problems.push({ field: 'dateOfBirth', message: 'must not be in the future' });
    if (problems.length) throw badField(problems[0].field, problems[0].message);
    return this.commands.run({ user, operation: 'registerChild', input, idempotencyKey }, async (manager) => {
      await this.teamInAuthority(manager, user, input.teamId);
      if (input.socialWorkerId) await this.staffInAuthority(manager, user, input.socialWorkerId, 'socialWorkerId');
      if (await this.children.caseReferenceTaken(manager, user.authorityId, input.caseReference))
        throw badField('caseReference', 'is already registered');
      const childId = await this.children.insert(manager, {
        authorityId: user.authorityId,
        caseReference: input.caseReference,
        name: input.name,
        dateOfBirth: input.dateOfBirth ?? null,
        expectedDateOfBirth: input.expectedDateOfBirth ?? null,
        teamId: input.teamId,
        socialWorkerId: input.socialWorkerId ?? null,
      });
      await this.audit.append(manager, {
        authorityId: user.authorityId,
        actorId: user.staffId,
        entityType: 'Child',
        entityId: childId,
        action: 'CHILD_REGISTERED',
        details: { caseReference: input.caseReference, teamId: input.teamId, unborn: !input.dateOfBirth },
      });
      return childId;
    });
  }

  async recordBirth(user: CurrentUser, childId: string, dateOfBirth: string): Promise<string> {
    if (dateOfBirth > this.clock.today()) throw badField('dateOfBirth', 'must not be in the future');
    return this.dataSource.transaction(async (manager) => {
      const child = await this.childOfAuthority(manager, user, childId, { lock: true });
      this.policy.assertCanWriteForTeam(user, child.teamId, 'recordBirth');
      if (child.dateOfBirth) throw badField('childId', "this child's birth is already recorded");
      await this.workflow.update(manager, CHILD, {
        id: childId,
        authorityId: user.authorityId,
        set: { date_of_birth: dateOfBirth },
        audit: {
          actorId: user.staffId,
          action: 'CHILD_BIRTH_RECORDED',
          details: { dateOfBirth, expectedDateOfBirth: child.expectedDateOfBirth },
        },
      });
      await this.birthHooks.run(manager, user, childId, dateOfBirth);
      return childId;
    });
  }

  /**
   * "Does this child belong to my authority?", answered in one place: another authority's child,
   * or none, is NOT_FOUND (on the input field `field` when the id came in an input).
   */
  async childOfAuthority(
    db: ReadDb,
    user: CurrentUser,
    childId: string,
    options: { field?: string; lock?: boolean } = {},
  ): Promise<ChildRecord> {
    const child = await this.children.find(db, user.authorityId, childId, { lock: options.lock });
    if (!child) throw options.field ? notFoundField(options.field, 'child') : notFound('Child', childId);
    return child;
  }

  /** A child of the caller's authority that the caller may see: another authority's is NOT_FOUND. */
  async readableChild(user: CurrentUser, childId: string, manager: ReadDb = this.reads) {
    const child = await this.childOfAuthority(manager, user, childId);
    this.policy.assertCanReadTeam(user, child.teamId, 'the child');
    return childFromRecord(child);
  }

  async teamInAuthority(manager: EntityManager, user: CurrentUser, teamId: string): Promise<void> {
    if (!(await this.repository.teamExists(user.authorityId, teamId, manager))) throw notFoundField('teamId', 'team');
  }

  async staffInAuthority(manager: ReadDb, user: CurrentUser, staffId: string, field: string): Promise<StaffRecord> {
    const staff = await this.repository.findStaff(manager, user.authorityId, staffId);
    if (!staff) throw notFoundField(field, 'member of staff');
    return staff;
  }

  /** The person's email mode, changed (and audited) unless it is already the one asked for. */
  async setEmailMode(user: CurrentUser, emailMode: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const old = await this.repository.findStaff(manager, user.authorityId, user.staffId, { lock: true });
      if (old?.emailMode === emailMode) return;
      await this.repository.setEmailMode(manager, user.authorityId, user.staffId, emailMode);
      await this.audit.append(manager, {
        authorityId: user.authorityId,
        actorId: user.staffId,
        entityType: 'StaffMember',
        entityId: user.staffId,
        action: 'STAFF_MEMBER_UPDATED',
        details: { emailMode, previousEmailMode: old?.emailMode ?? null },
      });
    });
  }
}

const sameRoles = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((r) => b.includes(r));

const sameIdentity = (user: CurrentUser, principal: Principal) =>
  user.name === principal.name &&
  (user.email ?? null) === (principal.email ?? null) &&
  sameRoles(user.roles, principal.roles);
