import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  JWTHeaderParameters,
  JWTPayload,
  jwtVerify,
  JWTVerifyGetKey,
  KeyLike,
} from 'jose';
import type { Env } from '../config/env';
import { unauthenticated } from '../common/errors';
import { Principal } from './principal';
import { ALL_ROLES, Role } from './role';
import { DEV_ISSUER } from './dev-token';
import { Clock } from '../clock/clock';

// C0 controls (NUL included) and DEL: no claim that names a person or a tenant holds one.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** A verified principal and the instant (epoch seconds) its token stops being valid. */
export interface VerifiedToken {
  principal: Principal;
  expiresAt: number;
}

/**
 * Verified tokens kept by their exact text (issue 17: an ES256 verification is about a quarter of
 * a lookup's CPU). A hit is the same bytes, signature included, that verified before, against the
 * key the identity provider's JWKS still gives for that header now; exp and nbf are checked again
 * at every use. Bounded in entries and in token length, so the cache holds at most about 8 MB.
 */
export const TOKEN_CACHE = { maxEntries: 2_000, maxTokenLength: 4_096 } as const;

interface CachedToken {
  verified: VerifiedToken;
  notBefore?: number;
  header: JWTHeaderParameters;
  /** the key that verified it: a JWKS reload (rotation) gives new key objects, so the entry lapses */
  key: KeyLike | Uint8Array;
}

const AUTHORITY_CODE = /^[a-z0-9][a-z0-9-]{1,62}$/;
const EMAIL = /^[^\s@<>(),;:"]{1,64}@[^\s@<>(),;:"]{1,189}\.[^\s@<>(),;:"]{1,63}$/;

/**
 * Verifies bearer tokens (CONTRACT.md, "Authentication"): RS256/ES256 against the identity
 * provider's JWKS, and in development and tests HS256 with AUTH_DEV_SECRET. `alg: none` and every
 * other algorithm are refused. exp is required and a token may live at most AUTH_MAX_TOKEN_AGE;
 * nbf always, aud when configured, iss when configured (a dev token without AUTH_ISSUER may carry
 * no iss, but one it carries must be the dev issuer).
 */
export class TokenVerifier {
  private readonly jwks?: JWTVerifyGetKey;
  private readonly devSecret?: Uint8Array;
  private readonly verified = new Map<string, CachedToken>();

  // Token times are real-world instants, never the business date a fixed Clock may be set to.
  private readonly wallClock = Clock.system();

  constructor(
    private readonly env: Pick<
      Env,
      'NODE_ENV' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_JWKS_URL' | 'AUTH_DEV_SECRET'
    > &
      Partial<Pick<Env, 'AUTH_MAX_TOKEN_AGE'>>,
  ) {
    if (env.AUTH_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(env.AUTH_JWKS_URL), { cooldownDuration: 30_000 });
    if (env.AUTH_DEV_SECRET && env.NODE_ENV !== 'production')
      this.devSecret = new TextEncoder().encode(env.AUTH_DEV_SECRET);
  }

  async verifyBearer(header: string | undefined | null): Promise<Principal> {
    return (await this.verifyBearerToken(header)).principal;
  }

  async verifyBearerToken(header: string | undefined | null): Promise<VerifiedToken> {
    if (!header) throw unauthenticated('Missing Authorization: Bearer token');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    return this.verifyToken(match[1]);
  }

  async verify(token: string): Promise<Principal> {
    return (await this.verifyToken(token)).principal;
  }

  /** Seconds since the epoch, real time. */
  nowSeconds(): number {
    return Math.floor(this.wallClock.now().getTime() / 1000);
  }

  async verifyToken(token: string): Promise<VerifiedToken> {
    const cached = this.verified.get(token);
    if (cached) {
      const hit = await this.stillValid(cached);
      if (hit) return hit;
      this.verified.delete(token);
    }
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('The token is not a JWT');
    }
    let payload: JWTPayload;
    let header: JWTHeaderParameters;
    let key: KeyLike | Uint8Array;
    try {
      if (alg === 'HS256' && this.devSecret) {
        ({ payload, protectedHeader: header } = await jwtVerify(token, this.devSecret, {
          algorithms: ['HS256'],
          issuer: this.env.AUTH_ISSUER,
          audience: this.env.AUTH_AUDIENCE,
          requiredClaims: ['exp'],
        }));
        key = this.devSecret;
        if (!this.env.AUTH_ISSUER && payload.iss !== undefined && payload.iss !== DEV_ISSUER)
          throw unauthenticated("The token's iss claim is not accepted");
      } else if ((alg === 'RS256' || alg === 'ES256') && this.jwks) {
        ({
          payload,
          protectedHeader: header,
          key,
        } = await jwtVerify(token, this.jwks, {
          algorithms: ['RS256', 'ES256'],
          issuer: this.env.AUTH_ISSUER,
          audience: this.env.AUTH_AUDIENCE,
          requiredClaims: ['exp'],
        }));
      } else {
        throw unauthenticated(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted`);
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'DomainError') throw error;
      throw unauthenticated(describeJoseFailure(error));
    }
    const expiresAt = payload.exp as number;
    const maxAge = this.env.AUTH_MAX_TOKEN_AGE ?? 12 * 3600;
    const issuedAt = typeof payload.iat === 'number' ? payload.iat : this.nowSeconds();
    if (expiresAt - issuedAt > maxAge)
      throw unauthenticated(`The token lives longer than the ${maxAge} seconds accepted`);
    const verified = { principal: principalFrom(payload), expiresAt };
    this.remember(token, {
      verified,
      notBefore: typeof payload.nbf === 'number' ? payload.nbf : undefined,
      header,
      key,
    });
    return copyOf(verified);
  }

  /** The cached answer if the token is still within exp and nbf and its key is still the JWKS's. */
  private async stillValid(entry: CachedToken): Promise<VerifiedToken | undefined> {
    const now = this.nowSeconds();
    // jose's own rules, without clock tolerance: expired at exp, not yet valid before nbf.
    if (entry.verified.expiresAt <= now) return undefined;
    if (entry.notBefore !== undefined && entry.notBefore > now) return undefined;
    if (entry.key !== this.devSecret) {
      if (!this.jwks) return undefined;
      try {
        // The same lookup jwtVerify makes (and the same refresh of a stale JWKS): a key that was
        // rotated out, or replaced under the same kid, no longer matches.
        if ((await this.jwks(entry.header, undefined as never)) !== entry.key) return undefined;
      } catch {
        return undefined;
      }
    }
    return copyOf(entry.verified);
  }

  private remember(token: string, entry: CachedToken): void {
    if (token.length > TOKEN_CACHE.maxTokenLength) return;
    if (this.verified.size >= TOKEN_CACHE.maxEntries) {
      // The oldest first; an expired one is the likeliest to be there.
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, entry);
  }
}

/** Each request gets its own principal: nothing a request does to it reaches the next. */
function copyOf(verified: VerifiedToken): VerifiedToken {
  const { principal } = verified;
  return { principal: { ...principal, roles: [...principal.roles] }, expiresAt: verified.expiresAt };
}

function describeJoseFailure(error: unknown): string {
  const code = (error as { code?: string })?.code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'The token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if ((error as { reason?: string }).reason === 'missing')
        return `The token has no ${(error as { claim?: string }).claim ?? 'required'} claim`;
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
  const { sub, name, roles, authority, email } = payload as JWTPayload & {
    name?: unknown;
    roles?: unknown;
    authority?: unknown;
    email?: unknown;
  };
  for (const value of [sub, name, authority, email, ...(Array.isArray(roles) ? roles : [])]) {
    if (typeof value === 'string' && CONTROL_CHARACTER.test(value))
      throw unauthenticated('The token has a claim with control characters');
  }
  if (typeof sub !== 'string' || !sub.trim() || sub.length > 200)
    throw unauthenticated('The token has no usable sub claim');
  if (typeof authority !== 'string' || !AUTHORITY_CODE.test(authority))
    throw unauthenticated('The token has no usable authority claim');
  if (!Array.isArray(roles) || roles.some((r) => !ALL_ROLES.includes(r as Role)))
    throw unauthenticated("The token's roles claim must be an array of known roles");
  const displayName = typeof name === 'string' && name.trim() ? name.trim().slice(0, 200) : sub;
  const principal: Principal = { subject: sub, name: displayName, roles: [...new Set(roles as Role[])], authority };
  // Where inbox emails go; a malformed claim is ignored rather than refusing the sign-in.
  if (typeof email === 'string' && EMAIL.test(email.trim())) principal.email = email.trim().toLowerCase();
  return principal;
}
