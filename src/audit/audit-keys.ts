import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreate } from '../common/read-or-create';
import { loadPreviousKeys, loadSigningKey } from '../config/audit-key-config';
import { JwkSet, keyId, publicJwk } from './checkpoint';

/** Outside production, without AUDIT_SIGNING_KEY: one key generated once under ./.data, like the dev token secret. */
export function devSigningKeyPem(): string {
  return readOrCreate(join(process.cwd(), '.data', 'audit-signing-key.pem'), () =>
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().trim(),
  );
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
    const previous = loadPreviousKeys(config.get<string>('AUDIT_PREVIOUS_KEYS') ?? '{"keys":[]}').filter(
      (k) => k.kid !== current.kid,
    );
    this.jwks = { keys: [current, ...previous] };
  }
}
