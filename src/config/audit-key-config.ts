import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { JwkSet, PublicJwk, publicJwk } from '../common/ed25519-jwk';

// The audit checkpoint keys' configuration, read by the env check (env.ts) and by AuditKeys (src/audit):
// node:crypto and node:fs only.

/** A PEM given inline, or the path of a file holding one (secrets are often mounted as files). */
const pemOrFile = (value: string) => (value.trimStart().startsWith('-----BEGIN') ? value : readFileSync(value, 'utf8'));

/** AUDIT_SIGNING_KEY: an Ed25519 private key, PEM (PKCS#8) inline or in a file. Throws with a message fit for the operator. */
export function loadSigningKey(value: string): KeyObject {
  if (!value.trimStart().startsWith('-----BEGIN') && !existsSync(value))
    throw new Error('AUDIT_SIGNING_KEY is neither a PEM nor a readable file');
  let key: KeyObject;
  try {
    key = createPrivateKey(pemOrFile(value));
  } catch {
    throw new Error('AUDIT_SIGNING_KEY is not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 key');
  return key;
}

/**
 * AUDIT_PREVIOUS_KEYS: the public keys of retired signing keys, as a JWK set (inline JSON or a file),
 * typically GET /audit/keys as it was before the rotation. They stay published so that checkpoints
 * signed with them still verify. Configuration, not a table: whoever can write the database must not
 * be able to publish a key of their own.
 */
export function loadPreviousKeys(value: string): PublicJwk[] {
  let set: JwkSet;
  try {
    set = JSON.parse(value.trimStart().startsWith('{') ? value : readFileSync(value, 'utf8')) as JwkSet;
  } catch {
    throw new Error('AUDIT_PREVIOUS_KEYS is neither a JWK set (JSON) nor a readable file holding one');
  }
  if (!Array.isArray(set?.keys)) throw new Error('AUDIT_PREVIOUS_KEYS must be a JWK set: {"keys": [...]}');
  return set.keys
    .map((jwk) => {
      try {
        return publicJwk(createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' }));
      } catch {
        throw new Error('AUDIT_PREVIOUS_KEYS holds a key that is not an Ed25519 public JWK');
      }
    })
    .filter((jwk) => jwk.crv === 'Ed25519');
}
