import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { badField } from '../common/errors';
import { AuditKeys } from './audit-keys';
import { AuditTree } from './audit-tree';
import { AuditService } from './audit.service';
import { CheckpointRejected, CheckpointStatement, SignedCheckpoint, signCheckpoint, verifyCheckpoint } from './checkpoint';
import { LogVerifier, Verification } from './log-verifier';
import { verifyConsistency } from './merkle';

export type Checkpoint = CheckpointStatement & SignedCheckpoint;

interface CheckpointRow { authority: string; tree_size: number; root_hash: string; signed_at: Date; key_id: string; signed_text: string; signature: string }

export const checkpointFromRow = (r: CheckpointRow): Checkpoint => ({
  authority: r.authority, treeSize: r.tree_size, rootHash: r.root_hash, signedAt: r.signed_at.toISOString(), keyId: r.key_id, signedText: r.signed_text, signature: r.signature,
});

/** Signs, keeps and checks the authority's checkpoints (issue 13). */
@Injectable()
export class AuditCheckpoints {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly tree: AuditTree,
    private readonly keys: AuditKeys,
    private readonly clock: Clock,
  ) {}

  /** Signs the log as it stands and keeps the checkpoint. */
  async sign(authorityId: string, authorityCode: string): Promise<Checkpoint> {
    const { size, root } = await this.tree.head(authorityId);
    const signed = signCheckpoint({ authority: authorityCode, treeSize: size, rootHash: root, signedAt: this.clock.now().toISOString() }, this.keys.signingKey);
    await this.dataSource.query(
      'INSERT INTO audit_checkpoint (authority_id, tree_size, root_hash, signed_at, key_id, signed_text, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [authorityId, signed.treeSize, signed.rootHash, signed.signedAt, signed.keyId, signed.signedText, signed.signature],
    );
    return signed;
  }

  /** The scheduled round: a checkpoint of every authority whose log grew since its last one. */
  async signAll(): Promise<number> {
    const due: { id: string; code: string }[] = await this.dataSource.query(
      `SELECT a.id, a.code FROM audit_chain_head h JOIN authority a ON a.id = h.authority_id
       WHERE h.last_sequence > COALESCE((SELECT max(c.tree_size) FROM audit_checkpoint c WHERE c.authority_id = h.authority_id), 0)`);
    for (const authority of due) await this.sign(authority.id, authority.code);
    return due.length;
  }

  /**
   * The log against a checkpoint kept outside the service: its signature, the root recomputed from
   * today's events at its size, the hash chain to now, and the stored tree's consistency proof from
   * its size to now. The service's own kept checkpoints that still verify narrow down where a
   * rewrite begins (LogVerifier.againstCheckpoint).
   */
  async verifyAgainst(user: CurrentUser, input: SignedCheckpoint): Promise<Verification> {
    const statement = this.trusted(input, 'checkpoint.');
    if (statement.authority !== user.authority) throw badField('checkpoint.signedText', 'is a checkpoint of another authority');
    return this.audit.readSnapshot(async (manager) => {
      const rows: CheckpointRow[] = await manager.query(
        'SELECT $2::text AS authority, tree_size, root_hash, signed_at, key_id, signed_text, signature FROM audit_checkpoint WHERE authority_id = $1 AND tree_size <= $3',
        [user.authorityId, user.authority, statement.treeSize]);
      // Only kept checkpoints whose signature verifies vouch for anything: rows are not evidence.
      const vouching = rows.map(checkpointFromRow).filter((cp) => {
        try {
          return this.trusted(cp, '').authority === user.authority;
        } catch {
          return false;
        }
      });
      const verifier = new LogVerifier([statement.treeSize, ...vouching.map((c) => c.treeSize)]);
      await this.audit.walk(manager, user.authorityId, verifier, true);
      const headSize = await this.audit.headSize(manager, user.authorityId);
      const result = verifier.againstCheckpoint(statement, vouching, headSize);
      if (!result.valid || statement.treeSize === 0) return result;
      // The stored tree must agree with the events, or the proofs the service hands out would lie.
      const size = verifier.size;
      const storedRoot = await this.tree.root(user.authorityId, size, manager).catch(() => null);
      const proof = await this.tree.consistencyProof(user.authorityId, statement.treeSize, size, manager).catch(() => null);
      if (storedRoot === verifier.currentRoot() && proof && verifyConsistency(statement.treeSize, size, statement.rootHash, storedRoot, proof)) return result;
      return { valid: false, eventsChecked: result.eventsChecked, firstInvalidSequence: Math.min(statement.treeSize + 1, size) };
    });
  }

  /** A checkpoint whose key is published and whose signature verifies, else BAD_USER_INPUT on the field at fault. */
  private trusted(cp: SignedCheckpoint, prefix: string): CheckpointStatement {
    try {
      return verifyCheckpoint(cp, this.keys.jwks);
    } catch (error) {
      if (error instanceof CheckpointRejected) throw badField(`${prefix}${error.field}`, error.message);
      throw error;
    }
  }
}
