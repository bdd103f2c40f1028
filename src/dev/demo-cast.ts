import { Principal } from '../auth/principal';
import { Role } from '../auth/role';
import { DemoClient } from './demo-client';
import { DEMO_AUTHORITY, DEMO_PEOPLE } from './dev-tokens';

export interface Person extends Principal {
  id: string;
}

export interface CastTeam {
  id: string;
  name: string;
  manager: Person;
  socialWorkers: Person[];
}

/** The people of a seeded authority, signed in (so their roles are known) and placed in teams. */
export interface Cast {
  authority: string;
  admin: Person;
  auditor: Person;
  /** records case audits (issue 15) */
  qaOfficer: Person;
  chairs: Person[];
  serviceManager: Person;
  headOfService: Person;
  director: Person;
  teams: CastTeam[];
}

const p = (authority: string, subject: string, name: string, role: Role): Principal => ({
  subject,
  name,
  roles: [role],
  authority,
});

interface TeamPlan {
  name: string;
  manager: Principal;
  socialWorkers: Principal[];
}

function demoPlan(): { base: Record<string, Principal>; chairs: Principal[]; teams: TeamPlan[] } {
  const by = (role: Role) => DEMO_PEOPLE.find((x) => x.roles.includes(role))!;
  const a = DEMO_AUTHORITY;
  return {
    base: {
      admin: by(Role.ADMIN),
      auditor: by(Role.AUDITOR),
      qa: by(Role.QA_OFFICER),
      sm: by(Role.SERVICE_MANAGER),
      hos: by(Role.HEAD_OF_SERVICE),
      director: by(Role.DIRECTOR),
    },
    chairs: [by(Role.CHAIR), p(a, 'demo-chair-2', 'Pat Okafor', Role.CHAIR)],
    teams: [
      {
        name: 'North Safeguarding',
        manager: by(Role.TEAM_MANAGER),
        socialWorkers: [by(Role.SOCIAL_WORKER), p(a, 'demo-sw-north-2', 'Robin Patel', Role.SOCIAL_WORKER)],
      },
      {
        name: 'South Safeguarding',
        manager: p(a, 'demo-tm-south', 'Morgan Ellis', Role.TEAM_MANAGER),
        socialWorkers: [
          p(a, 'demo-sw-south-1', 'Jamie Clarke', Role.SOCIAL_WORKER),
          p(a, 'demo-sw-south-2', 'Avery Khan', Role.SOCIAL_WORKER),
        ],
      },
      {
        name: 'East Children and Families',
        manager: p(a, 'demo-tm-east', 'Casey Morgan', Role.TEAM_MANAGER),
        socialWorkers: [p(a, 'demo-sw-east-1', 'Riley Evans', Role.SOCIAL_WORKER)],
      },
    ],
  };
}

function generatedPlan(authority: string, teamCount: number) {
  const g = (sub: string, name: string, role: Role) => p(authority, `${authority}-${sub}`, name, role);
  return {
    base: {
      admin: g('admin', 'Admin', Role.ADMIN),
      auditor: g('auditor', 'Auditor', Role.AUDITOR),
      qa: g('qa', 'QA Officer', Role.QA_OFFICER),
      sm: g('sm', 'Service Manager', Role.SERVICE_MANAGER),
      hos: g('hos', 'Head of Service', Role.HEAD_OF_SERVICE),
      director: g('director', 'Director', Role.DIRECTOR),
    },
    chairs: Array.from({ length: Math.max(2, Math.ceil(teamCount / 3)) }, (_, k) =>
      g(`chair-${k + 1}`, `Chair ${k + 1}`, Role.CHAIR),
    ),
    teams: Array.from({ length: teamCount }, (_, k) => ({
      name: `Team ${k + 1}`,
      manager: g(`tm-${k + 1}`, `Team Manager ${k + 1}`, Role.TEAM_MANAGER),
      socialWorkers: [1, 2, 3].map((n) => g(`sw-${k + 1}-${n}`, `Social Worker ${k + 1}.${n}`, Role.SOCIAL_WORKER)),
    })),
  };
}

/** The demo authority's people (DEMO_PEOPLE plus a few), or generated ones for a benchmark authority. */
export async function buildCast(client: DemoClient, authority: string, teamCount = 3): Promise<Cast> {
  const plan = authority === DEMO_AUTHORITY ? demoPlan() : generatedPlan(authority, teamCount);
  const signIn = async (who: Principal): Promise<Person> => ({
    ...who,
    id: (await client.gql(who, '{ me { id } }')).me.id,
  });
  const admin = await signIn(plan.base.admin);
  const serviceManager = await signIn(plan.base.sm);
  const teams: CastTeam[] = [];
  for (const t of plan.teams) {
    const manager = await signIn(t.manager);
    const res = await client.gql(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { name: t.name, managerSubject: manager.subject, serviceManagerSubject: serviceManager.subject },
    });
    const id = res.createTeam.id as string;
    const socialWorkers: Person[] = [];
    for (const sw of t.socialWorkers) {
      await client.gql(admin, 'mutation($i: UpsertStaffMemberInput!) { upsertStaffMember(input: $i) { id } }', {
        i: { subject: sw.subject, name: sw.name, teamId: id },
      });
      socialWorkers.push(await signIn(sw));
    }
    teams.push({ id, name: t.name, manager, socialWorkers });
  }
  return {
    authority,
    admin,
    auditor: await signIn(plan.base.auditor),
    qaOfficer: await signIn(plan.base.qa),
    chairs: await Promise.all(plan.chairs.map(signIn)),
    serviceManager,
    headOfService: await signIn(plan.base.hos),
    director: await signIn(plan.base.director),
    teams,
  };
}
