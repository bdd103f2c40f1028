import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { CurrentUser, Principal } from '../../../src/auth/principal';
import { Role } from '../../../src/auth/role';
import { DirectoryService } from '../../../src/directory/directory.service';

/**
 * Small builders for the escalations, actions and conversations service tests (issue 11): the
 * people and children of one fresh authority, made through DirectoryService, no HTTP. Each person
 * is a CurrentUser, as the guard would hand it to a service.
 */
export interface LadderTeam {
  id: string;
  manager: CurrentUser;
  socialWorker: CurrentUser;
}

export interface Ladder {
  authorityId: string;
  admin: CurrentUser;
  chair: CurrentUser;
  chair2: CurrentUser;
  serviceManager: CurrentUser;
  headOfService: CurrentUser;
  director: CurrentUser;
  teamA: LadderTeam;
  teamB: LadderTeam;
  /** registers a child in the team; returns its id */
  child(team: LadderTeam): Promise<string>;
  /** a staff member of the authority, as the guard would resolve them */
  person(name: string, roles: Role[]): Promise<CurrentUser>;
}

export async function buildLadder(app: INestApplication, prefix = 'svc'): Promise<Ladder> {
  const directory = app.get(DirectoryService);
  const authority = `${prefix}-${randomBytes(4).toString('hex')}`;
  const principal = (name: string, roles: Role[]): Principal => ({
    subject: `${name}-${authority}`,
    name,
    roles,
    authority,
  });
  const person = (name: string, roles: Role[]) => directory.resolveCaller(principal(name, roles));
  const admin = await person('admin', [Role.ADMIN]);
  const serviceManager = await person('sm', [Role.SERVICE_MANAGER]);
  const team = async (name: string): Promise<LadderTeam> => {
    const manager = principal(`tm-${name}`, [Role.TEAM_MANAGER]);
    const id = await directory.createTeam(
      admin,
      { name: `Team ${name}`, managerSubject: manager.subject, serviceManagerSubject: serviceManager.subject },
      null,
    );
    const sw = principal(`sw-${name}`, [Role.SOCIAL_WORKER]);
    await directory.upsertStaffMember(admin, { subject: sw.subject, name: sw.name, teamId: id }, null);
    return { id, manager: await directory.resolveCaller(manager), socialWorker: await directory.resolveCaller(sw) };
  };
  let children = 0;
  return {
    authorityId: admin.authorityId,
    admin,
    chair: await person('chair', [Role.CHAIR]),
    chair2: await person('chair2', [Role.CHAIR]),
    serviceManager,
    headOfService: await person('hos', [Role.HEAD_OF_SERVICE]),
    director: await person('dir', [Role.DIRECTOR]),
    teamA: await team('A'),
    teamB: await team('B'),
    child: (t) =>
      directory.registerChild(
        admin,
        {
          caseReference: `C-${authority}-${++children}`,
          name: `Child ${children}`,
          dateOfBirth: '2016-05-01',
          teamId: t.id,
          socialWorkerId: t.socialWorker.staffId,
        },
        null,
      ),
    person,
  };
}
