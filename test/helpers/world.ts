import { Role } from '../../src/auth/role';
import { ok, Person, TestApp, uniqueAuthority } from './test-app';

export interface TeamWorld {
  id: string;
  manager: Person & { id: string };
  socialWorker: Person & { id: string };
}

export interface World {
  authority: string;
  admin: Person;
  chair: Person & { id: string };
  chair2: Person & { id: string };
  serviceManager: Person & { id: string };
  headOfService: Person & { id: string };
  director: Person & { id: string };
  auditor: Person & { id: string };
  teamA: TeamWorld;
  teamB: TeamWorld;
  /** registers a child in a team; returns its id */
  child(team: TeamWorld, opts?: { dateOfBirth?: string; expectedDateOfBirth?: string; name?: string }): Promise<string>;
}

let counter = 0;

/** An authority with two teams (manager and social worker each), a service manager and one person of every other role. */
export async function buildWorld(t: TestApp, prefix = 'w'): Promise<World> {
  const authority = uniqueAuthority(prefix);
  const person = (sub: string, roles: Role[]): Person => ({ sub: `${sub}-${authority}`, name: sub, roles, authority });
  const admin = person('admin', [Role.ADMIN]);
  const signIn = async (p: Person) => ({ ...p, id: (await ok(t, p, '{ me { id } }')).me.id as string });
  const makeTeam = async (name: string): Promise<TeamWorld> => {
    const manager = person(`tm-${name}`, [Role.TEAM_MANAGER]);
    const sw = person(`sw-${name}`, [Role.SOCIAL_WORKER]);
    const team = await ok(t, admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { name: `Team ${name}`, managerSubject: manager.sub, serviceManagerSubject: serviceManager.sub },
    });
    const teamId = team.createTeam.id as string;
    await ok(t, admin, 'mutation($i: UpsertStaffMemberInput!) { upsertStaffMember(input: $i) { id } }', {
      i: { subject: sw.sub, name: sw.name, teamId },
    });
    return { id: teamId, manager: await signIn(manager), socialWorker: await signIn(sw) };
  };
  const serviceManager = await signIn(person('sm', [Role.SERVICE_MANAGER]));
  await signIn(admin);
  const world: World = {
    authority,
    admin,
    chair: await signIn(person('chair', [Role.CHAIR])),
    chair2: await signIn(person('chair2', [Role.CHAIR])),
    serviceManager,
    headOfService: await signIn(person('hos', [Role.HEAD_OF_SERVICE])),
    director: await signIn(person('dir', [Role.DIRECTOR])),
    auditor: await signIn(person('aud', [Role.AUDITOR])),
    teamA: await makeTeam('A'),
    teamB: await makeTeam('B'),
    child: async (team, opts = {}) => {
      const input = {
        caseReference: `C-${authority}-${++counter}`,
        name: opts.name ?? `Child ${counter}`,
        teamId: team.id,
        socialWorkerId: team.socialWorker.id,
        ...(opts.expectedDateOfBirth
          ? { expectedDateOfBirth: opts.expectedDateOfBirth }
          : { dateOfBirth: opts.dateOfBirth ?? '2016-05-01' }),
      };
      const res = await ok(t, admin, 'mutation($i: RegisterChildInput!) { registerChild(input: $i) { id } }', {
        i: input,
      });
      return res.registerChild.id as string;
    },
  };
  return world;
}
