import { createHash, KeyObject } from 'node:crypto';

// Ed25519 public keys as JWKs (RFC 8037): the audit checkpoints' keys, published at GET /audit/keys
// and read back from AUDIT_PREVIOUS_KEYS.
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}
export interface JwkSet {
  keys: PublicJwk[];
}

/** RFC 7638 thumbprint of the public key: the kid, the same whoever computes it. */
export function keyId(publicKey: KeyObject): string {
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

export function publicJwk(publicKey: KeyObject): PublicJwk {
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
  return { kty: 'OKP', crv: 'Ed25519', x, kid: keyId(publicKey), alg: 'EdDSA', use: 'sig' };
}
