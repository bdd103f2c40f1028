import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  CHAIR = 'CHAIR',
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  TEAM_MANAGER = 'TEAM_MANAGER',
  SERVICE_MANAGER = 'SERVICE_MANAGER',
  HEAD_OF_SERVICE = 'HEAD_OF_SERVICE',
  DIRECTOR = 'DIRECTOR',
  AUDITOR = 'AUDITOR',
  /** audits children's cases (issue 15); AUDITOR stays read-only */
  QA_OFFICER = 'QA_OFFICER',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role', description: "A role, as granted by the identity provider's token." });

export const ALL_ROLES = Object.values(Role) as Role[];
