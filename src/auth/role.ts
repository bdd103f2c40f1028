import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  CHAIR = 'CHAIR',
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  TEAM_MANAGER = 'TEAM_MANAGER',
  SERVICE_MANAGER = 'SERVICE_MANAGER',
  HEAD_OF_SERVICE = 'HEAD_OF_SERVICE',
  DIRECTOR = 'DIRECTOR',
  AUDITOR = 'AUDITOR',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role', description: 'A role, as granted by the identity provider\'s token.' });

export const ALL_ROLES = Object.values(Role) as Role[];
