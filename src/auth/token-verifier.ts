import { createRemoteJWKSet, decodeProtectedHeader, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { Env } from '../config/env';
import { unauthenticated } from '../common/errors';
import { Principal } from './principal';
import { ALL_ROLES, Role } from './role';
import { DEV_ISSUER } from './dev-token';

const AUTHORITY_CODE = /^[a-z0-9][a-z0-9-]{1,62}$/;
const EMAIL = /^[^\s@<>(),;:"]{1,64}@[^\s@<>(),;:"]{1,189}\.[^\s@<>(),;:"]{1,63}$/;

/**
 * Verifies bearer tokens (CONTRACT.md, "Authentication"): RS256/ES256 against the identity
 * provider's JWKS, and in development and tests HS256 with AUTH_DEV_SECRET. `alg: none` and every
 * other algorithm are refused; exp and nbf always, iss and aud when configured.
 */
export class TokenVerifier {
  private readonly jwks?: JWTVerifyGetKey;
  private readonly devSecret?: Uint8Array;

  constructor(private readonly env: Pick<Env, 'NODE_ENV' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_JWKS_URL' | 'AUTH_DEV_SECRET'>) {
    if (env.AUTH_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(env.AUTH_JWKS_URL), { cooldownDuration: 30_000 });
    if (env.AUTH_DEV_SECRET && env.NODE_ENV !== 'production') this.devSecret = new TextEncoder().encode(env.AUTH_DEV_SECRET);
  }

  async verifyBearer(header: string | undefined | null): Promise<Principal> {
    if (!header) throw unauthenticated('Missing Authorization: Bearer token');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }

  async verify(token: string): Promise<Principal> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('The token is not a JWT');
    }
    let payload: JWTPayload;
    try {
      if (alg === 'HS256' && this.devSecret) {
        ({ payload } = await jwtVerify(token, this.devSecret, {
          algorithms: ['HS256'],
          issuer: this.env.AUTH_ISSUER ?? DEV_ISSUER,
          audience: this.env.AUTH_AUDIENCE,
        }));
      } else if ((alg === 'RS256' || alg === 'ES256') && this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks, {
          algorithms: ['RS256', 'ES256'],
          issuer: this.env.AUTH_ISSUER,
          audience: this.env.AUTH_AUDIENCE,
        }));
      } else {
        throw unauthenticated(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted`);
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'DomainError') throw error;
      throw unauthenticated(describeJoseFailure(error));
    }
    return principalFrom(payload);
  }
}

function describeJoseFailure(error: unknown): string {
  const code = (error as { code?: string })?.code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'The token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `The token's ${(error as { claim?: string }).claim ?? 'claims'} claim is not accepted`;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'The token signature does not verify';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'The token was signed by an unknown key';
    default:
      return 'The token is not valid';
  }
}

function principalFrom(payload: JWTPayload): Principal {
  const { sub, name, roles, authority, email } = payload as JWTPayload & { name?: unknown; roles?: unknown; authority?: unknown; email?: unknown };
  if (typeof sub !== 'string' || !sub.trim() || sub.length > 200) throw unauthenticated('The token has no usable sub claim');
  if (typeof authority !== 'string' || !AUTHORITY_CODE.test(authority)) throw unauthenticated('The token has no usable authority claim');
  if (!Array.isArray(roles) || roles.some((r) => !ALL_ROLES.includes(r as Role))) throw unauthenticated('The token\'s roles claim must be an array of known roles');
  const displayName = typeof name === 'string' && name.trim() ? name.trim().slice(0, 200) : sub;
  const principal: Principal = { subject: sub, name: displayName, roles: [...new Set(roles as Role[])], authority };
  // Where inbox emails go; a malformed claim is ignored rather than refusing the sign-in.
  if (typeof email === 'string' && EMAIL.test(email.trim())) principal.email = email.trim().toLowerCase();
  return principal;
}
