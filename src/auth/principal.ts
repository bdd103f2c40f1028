import { Role } from './role';

/** Who the verified token says the caller is. */
export interface Principal {
  subject: string;
  name: string;
  roles: Role[];
  authority: string;
  /** the OIDC standard `email` claim, when the token has one (issue 16) */
  email?: string;
}

/** The caller after the directory has resolved the token to a staff member of an authority. */
export interface CurrentUser extends Principal {
  staffId: string;
  authorityId: string;
  teamId: string | null;
}

export const hasRole = (user: { roles: readonly Role[] }, ...roles: Role[]) =>
  roles.some((r) => user.roles.includes(r));
