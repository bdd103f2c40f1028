import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOrCreate } from '../database/embedded-postgres';
import { JwkSet, keyId, PublicJwk, publicJwk } from './checkpoint';

/** A PEM given inline, or the path of a file holding one (secrets are often mounted as files). */
const pemOrFile = (value: string) => (value.trimStart().startsWith('-----BEGIN') ? value : readFileSync(value, 'utf8'));

/** AUDIT_SIGNING_KEY: an Ed25519 private key, PEM (PKCS#8) inline or in a file. Throws with a message fit for the operator. */
export function loadSigningKey(value: string): KeyObject {
  if (!value.trimStart().startsWith('-----BEGIN') && !existsSync(value)) throw new Error('AUDIT_SIGNING_KEY is neither a PEM nor a readable file');
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
  return set.keys.map((jwk) => {
    try {
      return publicJwk(createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' }));
    } catch {
      throw new Error('AUDIT_PREVIOUS_KEYS holds a key that is not an Ed25519 public JWK');
    }
  }).filter((jwk) => jwk.crv === 'Ed25519');
}

/** Outside production, without AUDIT_SIGNING_KEY: one key generated once under ./.data, like the dev token secret. */
export function devSigningKeyPem(): string {
  return readOrCreate(join(process.cwd(), '.data', 'audit-signing-key.pem'), () =>
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().trim());
}

/** The service's checkpoint signing key, and every public key it has signed with (GET /audit/keys). */
@Injectable()
export class AuditKeys {
  readonly signingKey: KeyObject;
  readonly keyId: string;
  readonly jwks: JwkSet;

  constructor(config: ConfigService) {
    // Env validation already refused a bad key, and a missing one in production.
    const configured = config.get<string>('AUDIT_SIGNING_KEY');
    this.signingKey = loadSigningKey(configured ?? devSigningKeyPem());
    const current = publicJwk(createPublicKey(this.signingKey));
    this.keyId = keyId(createPublicKey(this.signingKey));
    const previous = loadPreviousKeys(config.get<string>('AUDIT_PREVIOUS_KEYS') ?? '{"keys":[]}').filter((k) => k.kid !== current.kid);
    this.jwks = { keys: [current, ...previous] };
  }
}
