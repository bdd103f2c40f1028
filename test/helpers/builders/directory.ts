import { INestApplication } from '@nestjs/common';
import { CurrentUser } from '../../../src/auth/principal';
import { Role } from '../../../src/auth/role';
import { DirectoryService } from '../../../src/directory/directory.service';
import { uniqueAuthority } from '../test-app';

// Builders for service tests of the directory, advocacy and case audits (helper 11c): they call
// the services directly, with no HTTP, and hand back the callers as the guard would see them.

export interface DirectoryTeam {
  id: string;
  manager: CurrentUser;
  socialWorker: CurrentUser;
}

export interface DirectoryWorld {
  code: string;
  authorityId: string;
  admin: CurrentUser;
  serviceManager: CurrentUser;
  qa: CurrentUser;
  teamA: DirectoryTeam;
  teamB: DirectoryTeam;
  /** signs a person in (created on first sight) with these roles */
  person(name: string, roles: Role[], email?: string): Promise<CurrentUser>;
  /** registers a child in the team, allocated to the team's social worker */
  child(
    team: DirectoryTeam,
    opts?: { dateOfBirth?: string; expectedDateOfBirth?: string; name?: string },
  ): Promise<string>;
}

let counter = 0;

/** An authority with an admin, a service manager, a QA officer and two teams (manager and social worker each). */
export async function buildDirectory(app: INestApplication, prefix = 'svc'): Promise<DirectoryWorld> {
  const directory = app.get(DirectoryService);
  const code = uniqueAuthority(prefix);
  const person = (name: string, roles: Role[], email?: string) =>
    directory.resolveCaller({ subject: `${name}-${code}`, name, roles, authority: code, ...(email ? { email } : {}) });
  const admin = await person('admin', [Role.ADMIN]);
  const serviceManager = await person('sm', [Role.SERVICE_MANAGER]);
  const team = async (name: string): Promise<DirectoryTeam> => {
    const managerSubject = `tm-${name}-${code}`;
    const id = await directory.createTeam(
      admin,
      { name: `Team ${name}`, managerSubject, serviceManagerSubject: serviceManager.subject },
      null,
    );
    await directory.upsertStaffMember(admin, { subject: `sw-${name}-${code}`, name: `sw-${name}`, teamId: id }, null);
    return {
      id,
      manager: await person(`tm-${name}`, [Role.TEAM_MANAGER]),
      socialWorker: await person(`sw-${name}`, [Role.SOCIAL_WORKER]),
    };
  };
  const world: DirectoryWorld = {
    code,
    authorityId: admin.authorityId,
    admin,
    serviceManager,
    qa: await person('qa', [Role.QA_OFFICER]),
    teamA: await team('A'),
    teamB: await team('B'),
    person,
    child: (t, opts = {}) =>
      directory.registerChild(
        admin,
        {
          caseReference: `C-${code}-${++counter}`,
          name: opts.name ?? `Child ${counter}`,
          teamId: t.id,
          socialWorkerId: t.socialWorker.staffId,
          ...(opts.expectedDateOfBirth
            ? { expectedDateOfBirth: opts.expectedDateOfBirth }
            : { dateOfBirth: opts.dateOfBirth ?? '2012-05-01' }),
        },
        null,
      ),
  };
  return world;
}

/** The code of a DomainError (or the message of anything else) a promise rejects with; 'OK' if it resolves. */
export const outcome = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'OK',
    (e: unknown) => (e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : String(e)),
  );
