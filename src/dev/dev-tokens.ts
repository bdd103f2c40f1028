import { signDevToken } from '../auth/dev-token';
import { Principal } from '../auth/principal';
import { Role } from '../auth/role';

export const DEMO_AUTHORITY = 'demo';

/** One demo person per role; the demo seed gives them teams and work. */
export const DEMO_PEOPLE: Principal[] = [
  { subject: 'demo-chair', name: 'Chris Chair', roles: [Role.CHAIR], authority: DEMO_AUTHORITY },
  { subject: 'demo-social-worker', name: 'Sam Social Worker', roles: [Role.SOCIAL_WORKER], authority: DEMO_AUTHORITY },
  { subject: 'demo-team-manager', name: 'Taylor Team Manager', roles: [Role.TEAM_MANAGER], authority: DEMO_AUTHORITY },
  {
    subject: 'demo-service-manager',
    name: 'Sasha Service Manager',
    roles: [Role.SERVICE_MANAGER],
    authority: DEMO_AUTHORITY,
  },
  {
    subject: 'demo-head-of-service',
    name: 'Harper Head of Service',
    roles: [Role.HEAD_OF_SERVICE],
    authority: DEMO_AUTHORITY,
  },
  { subject: 'demo-director', name: 'Drew Director', roles: [Role.DIRECTOR], authority: DEMO_AUTHORITY },
  { subject: 'demo-auditor', name: 'Alex Auditor', roles: [Role.AUDITOR], authority: DEMO_AUTHORITY },
  { subject: 'demo-qa-officer', name: 'Quinn QA Officer', roles: [Role.QA_OFFICER], authority: DEMO_AUTHORITY },
  { subject: 'demo-admin', name: 'Ari Admin', roles: [Role.ADMIN], authority: DEMO_AUTHORITY },
];

export async function printDevTokens(secret: string, say: (line: string) => void): Promise<void> {
  say('\nDevelopment tokens (12 hours). In GraphiQL, add the header {"Authorization": "Bearer <token>"}:');
  for (const person of DEMO_PEOPLE) {
    say(`\n${person.roles.join(',')} (${person.name}):\n${await signDevToken(secret, person)}`);
  }
  say('');
}
