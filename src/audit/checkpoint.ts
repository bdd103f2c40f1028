import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './audit-hash';
import { JwkSet, keyId } from '../common/ed25519-jwk';

export { keyId, publicJwk } from '../common/ed25519-jwk';
export type { JwkSet, PublicJwk } from '../common/ed25519-jwk';

/**
 * Signed checkpoints, pure (node:crypto only): the service, the tests and the offline verifier
 * (scripts/audit-verify.ts) share this file, so there is one definition of what is signed.
 */

export const CHECKPOINT_FORMAT = 'cp-workflow/audit-checkpoint/v1';

export interface CheckpointStatement {
  authority: string;
  treeSize: number;
  rootHash: string;
  signedAt: string;
}

export interface SignedCheckpoint {
  treeSize: number;
  rootHash: string;
  keyId: string;
  signedText: string;
  signature: string;
}

/** A checkpoint that cannot be trusted as evidence: a bad signature, an unknown key, a malformed text. */
export class CheckpointRejected extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The exact text signed: canonical JSON (keys sorted, no spaces) with a format tag, so the signature
 * can never be read as a signature over something else.
 */
export function checkpointText(s: CheckpointStatement): string {
  return canonicalJson({
    format: CHECKPOINT_FORMAT,
    authority: s.authority,
    treeSize: s.treeSize,
    rootHash: s.rootHash,
    signedAt: s.signedAt,
  });
}

export function parseCheckpointText(text: string): CheckpointStatement {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CheckpointRejected('signedText', 'is not a checkpoint text');
  }
  const { authority, treeSize, rootHash, signedAt } = value ?? {};
  if (
    value?.format !== CHECKPOINT_FORMAT ||
    typeof authority !== 'string' ||
    !Number.isSafeInteger(treeSize) ||
    (treeSize as number) < 0 ||
    typeof rootHash !== 'string' ||
    !HEX64.test(rootHash) ||
    typeof signedAt !== 'string'
  ) {
    throw new CheckpointRejected('signedText', 'is not a checkpoint text');
  }
  const statement = { authority, treeSize: treeSize as number, rootHash, signedAt };
  if (checkpointText(statement) !== text) throw new CheckpointRejected('signedText', 'is not in canonical form');
  return statement;
}

export function signCheckpoint(
  statement: CheckpointStatement,
  privateKey: KeyObject,
): SignedCheckpoint & CheckpointStatement {
  const signedText = checkpointText(statement);
  const signature = sign(null, Buffer.from(signedText, 'utf8'), privateKey).toString('base64url');
  return { ...statement, keyId: keyId(createPublicKey(privateKey)), signedText, signature };
}

/**
 * Checks a checkpoint against a JWK set: a known Ed25519 key, a valid signature over signedText, and
 * treeSize and rootHash equal to what was signed. Returns the signed statement; throws CheckpointRejected.
 */
export function verifyCheckpoint(cp: SignedCheckpoint, keys: JwkSet): CheckpointStatement {
  const jwk = keys.keys.find((k) => k.kid === cp.keyId);
  if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519')
    throw new CheckpointRejected('keyId', 'is not a published audit key');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  // The kid is the key's thumbprint: a key set that pairs a kid with another key is refused.
  if (keyId(publicKey) !== cp.keyId) throw new CheckpointRejected('keyId', 'does not match its key');
  const signature = Buffer.from(cp.signature, 'base64url');
  if (!verify(null, Buffer.from(cp.signedText, 'utf8'), publicKey, signature))
    throw new CheckpointRejected('signature', 'does not verify with the key');
  const statement = parseCheckpointText(cp.signedText);
  if (statement.treeSize !== cp.treeSize) throw new CheckpointRejected('treeSize', 'is not the signed tree size');
  if (statement.rootHash !== cp.rootHash) throw new CheckpointRejected('rootHash', 'is not the signed root hash');
  return statement;
}
