import { SignJWT } from 'jose';
import { Principal } from './principal';

export const DEV_ISSUER = 'cp-workflow-dev';

/** Signs an HS256 development token. Refused by the verifier when NODE_ENV=production. */
export async function signDevToken(
  secret: string,
  principal: Principal,
  options: { expiresIn?: string; audience?: string; issuer?: string } = {},
): Promise<string> {
  const claims: Record<string, unknown> = {
    name: principal.name,
    roles: principal.roles,
    authority: principal.authority,
  };
  if (principal.email) claims.email = principal.email;
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(principal.subject)
    .setIssuer(options.issuer ?? DEV_ISSUER)
    // exp before iat: each reads the clock, and the other order could straddle a second and make a
    // 12 h token live 12 h + 1 s, which the verifier refuses (AUTH_MAX_TOKEN_AGE).
    .setExpirationTime(options.expiresIn ?? '12h')
    .setIssuedAt();
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
