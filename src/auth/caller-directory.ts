import { CurrentUser, Principal } from './principal';

/**
 * Who a verified token's subject is in the authority. The directory implements it (and binds it
 * in its module), so auth depends on no domain folder and the directory may depend on auth.
 */
export abstract class CallerDirectory {
  abstract resolveCaller(principal: Principal): Promise<CurrentUser>;
}
