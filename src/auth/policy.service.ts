import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { forbidden, notFoundField } from '../common/errors';
import { CurrentUser, hasRole } from './principal';
import { Role } from './role';
import { TeamDirectory } from './team-directory';

/** Roles that see every child of the authority; the rest see only their own team's. */
const AUTHORITY_WIDE_READERS = [
  Role.CHAIR,
  Role.SERVICE_MANAGER,
  Role.HEAD_OF_SERVICE,
  Role.DIRECTOR,
  Role.AUDITOR,
  Role.QA_OFFICER,
  Role.ADMIN,
];

/**
 * The relationship half of CONTRACT.md's authorization, in one place. Tenant isolation is the
 * other half: every query filters by the caller's authority, so another authority's record is
 * simply NOT_FOUND. A refused write is logged (actor and operation), never added to the chain.
 */
@Injectable()
export class PolicyService {
  private readonly log = new Logger('Authorization');

  private teamDirectory?: TeamDirectory;

  constructor(private readonly moduleRef: ModuleRef) {}

  /** The directory's TeamDirectory, found on first use (the directory imports this module, not the other way). */
  private get teams(): TeamDirectory {
    return (this.teamDirectory ??= this.moduleRef.get(TeamDirectory, { strict: false }));
  }

  /** null: every team of the authority; otherwise the one team whose records the caller may see */
  teamScope(user: CurrentUser): { all: true } | { all: false; teamId: string | null } {
    if (hasRole(user, ...AUTHORITY_WIDE_READERS)) return { all: true };
    return { all: false, teamId: user.teamId };
  }

  canReadTeam(user: CurrentUser, teamId: string): boolean {
    const scope = this.teamScope(user);
    return scope.all || scope.teamId === teamId;
  }

  assertCanReadTeam(user: CurrentUser, teamId: string, what = 'this record'): void {
    if (!this.canReadTeam(user, teamId))
      throw forbidden(`You can see only your own team's children; ${what} belongs to another team`);
  }

  /**
   * A team id given as a filter: another authority's (or no) team is NOT_FOUND first, so that the
   * answer never depends on whether it exists elsewhere; then another team is FORBIDDEN to team staff.
   */
  async assertTeamFilter(user: CurrentUser, teamId: string, field = 'teamId'): Promise<void> {
    if (!(await this.teams.teamExists(user.authorityId, teamId))) throw notFoundField(field, 'team');
    this.assertCanReadTeam(user, teamId, 'that team');
  }

  /** Writes on a child's records by team staff: own team only. Chairs and admins work across teams. */
  assertCanWriteForTeam(user: CurrentUser, teamId: string, operation: string): void {
    if (hasRole(user, Role.CHAIR, Role.ADMIN)) return;
    if (hasRole(user, Role.SOCIAL_WORKER, Role.TEAM_MANAGER) && user.teamId === teamId) return;
    this.deny(user, operation, 'the child belongs to another team');
  }

  /** Refuses a write: logged with actor and operation, then FORBIDDEN. */
  deny(user: CurrentUser, operation: string, why: string): never {
    this.log.warn({ actor: user.staffId, authority: user.authorityId, operation, why }, 'write refused');
    throw forbidden(`You are not allowed to ${operation}: ${why}`);
  }

  require(condition: boolean, user: CurrentUser, operation: string, why: string): void {
    if (!condition) this.deny(user, operation, why);
  }
}
