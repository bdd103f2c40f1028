import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { auditHash } from '../../src/audit/audit-hash';
import {
  CheckpointRejected,
  checkpointText,
  keyId,
  parseCheckpointText,
  publicJwk,
  signCheckpoint,
  verifyCheckpoint,
} from '../../src/audit/checkpoint';
import { LoggedEvent, LogVerifier } from '../../src/audit/log-verifier';
import { EMPTY_ROOT } from '../../src/audit/merkle';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keys = { keys: [publicJwk(publicKey)] };
const statement = { authority: 'la-1', treeSize: 3, rootHash: 'ab'.repeat(32), signedAt: '2026-11-26T12:00:00.000Z' };

/** A chained log of n events, as the service writes it. */
function log(n: number, salt = ''): LoggedEvent[] {
  const events: LoggedEvent[] = [];
  for (let sequence = 1; sequence <= n; sequence++) {
    const fields = {
      authorityId: '00000000-0000-4000-8000-000000000001',
      sequence,
      at: new Date(Date.UTC(2026, 10, 26, 12, 0, sequence)),
      actorId: null,
      entityType: 'Probe',
      entityId: '00000000-0000-4000-8000-000000000002',
      action: `PROBE${salt}`,
      fromStatus: null,
      toStatus: null,
      reason: null,
      details: { sequence },
      previousHash: events.at(-1)?.hash ?? null,
    };
    events.push({ ...fields, hash: auditHash(fields) });
  }
  return events;
}
const rootOf = (events: LoggedEvent[]) => {
  const v = new LogVerifier();
  events.forEach((e) => v.add(e));
  return v.currentRoot();
};

describe('signed checkpoints', () => {
  it('the kid is the RFC 7638 thumbprint of the public key (as jose computes it)', async () => {
    const jwk = publicJwk(publicKey);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keyId(publicKey)).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'sha256'));
  });

  it('signs canonical JSON of the statement, which parses back and verifies', () => {
    const cp = signCheckpoint(statement, privateKey);
    expect(cp.signedText).toBe(
      '{"authority":"la-1","format":"cp-workflow/audit-checkpoint/v1","rootHash":"' +
        'ab'.repeat(32) +
        '","signedAt":"2026-11-26T12:00:00.000Z","treeSize":3}',
    );
    expect(checkpointText(parseCheckpointText(cp.signedText))).toBe(cp.signedText);
    expect(verifyCheckpoint(cp, keys)).toEqual(statement);
  });

  it('refuses a changed text, a claimed size or root that was not signed, an unknown key and a text out of canonical form', () => {
    const cp = signCheckpoint(statement, privateKey);
    const reject = (c: typeof cp, k = keys) => {
      try {
        verifyCheckpoint(c, k);
      } catch (error) {
        expect(error).toBeInstanceOf(CheckpointRejected);
        return (error as CheckpointRejected).field;
      }
      throw new Error('accepted');
    };
    expect(reject({ ...cp, signedText: cp.signedText.replace('"treeSize":3', '"treeSize":4') })).toBe('signature');
    expect(reject({ ...cp, treeSize: 4 })).toBe('treeSize');
    expect(reject({ ...cp, rootHash: EMPTY_ROOT })).toBe('rootHash');
    expect(reject(cp, { keys: [publicJwk(generateKeyPairSync('ed25519').publicKey)] })).toBe('keyId');
    // A key set pairing this kid with another key is not fooled.
    expect(reject(cp, { keys: [{ ...publicJwk(generateKeyPairSync('ed25519').publicKey), kid: cp.keyId }] })).toBe(
      'keyId',
    );
    expect(() => parseCheckpointText(cp.signedText.replace(':', ': '))).toThrow(CheckpointRejected);
  });
});

describe('LogVerifier against a checkpoint', () => {
  const original = log(10);

  it('a log that extends the checkpointed one verifies', () => {
    const v = new LogVerifier([6]);
    original.forEach((e) => v.add(e));
    expect(v.againstCheckpoint({ treeSize: 6, rootHash: rootOf(original.slice(0, 6)) }, [], 10)).toEqual({
      valid: true,
      eventsChecked: 10,
      firstInvalidSequence: null,
    });
  });

  it('a rewritten, re-chained log: the first sequence after the last checkpoint that still holds', () => {
    const rewritten = [...original.slice(0, 4), ...log(10, 'x').slice(4)];
    // re-chain from 5 on, as an attacker with auditHash would
    for (let i = 4; i < rewritten.length; i++) {
      const fields = { ...rewritten[i], previousHash: rewritten[i - 1].hash };
      rewritten[i] = { ...fields, hash: auditHash(fields) };
    }
    const v = new LogVerifier([3, 4, 8]);
    rewritten.forEach((e) => expect(v.add(e)).toBe(true));
    const at = (n: number) => ({ treeSize: n, rootHash: rootOf(original.slice(0, n)) });
    expect(v.againstCheckpoint(at(8), [at(3), at(4)], 10)).toEqual({
      valid: false,
      eventsChecked: 10,
      firstInvalidSequence: 5,
    });
    expect(v.againstCheckpoint(at(8), [at(3)], 10)).toMatchObject({ firstInvalidSequence: 4 });
    expect(v.againstCheckpoint(at(8), [], 10)).toMatchObject({ firstInvalidSequence: 1 });
    expect(v.againstCheckpoint(at(4), [], 10)).toMatchObject({ valid: true });
  });

  it('a broken link at or before the checkpoint is where the change is', () => {
    const edited = original.map((e) => (e.sequence === 7 ? { ...e, reason: 'edited' } : e));
    const v = new LogVerifier([9]);
    edited.forEach((e) => v.add(e));
    expect(v.againstCheckpoint({ treeSize: 9, rootHash: rootOf(original.slice(0, 9)) }, [], 10)).toEqual({
      valid: false,
      eventsChecked: 7,
      firstInvalidSequence: 7,
    });
  });
});
