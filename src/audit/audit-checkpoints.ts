import { Injectable } from '@nestjs/common';
import { CurrentUser } from '../auth/principal';
import { Clock } from '../clock/clock';
import { badField } from '../common/errors';
import { AuditKeys } from './audit-keys';
import { AuditTree } from './audit-tree';
import { AuditRepository, CheckpointRecord } from './audit.repository';
import { AuditService } from './audit.service';
import {
  CheckpointRejected,
  CheckpointStatement,
  SignedCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
} from './checkpoint';
import { LogVerifier, Verification } from './log-verifier';
import { verifyConsistency } from './merkle';

export type Checkpoint = CheckpointRecord;

/** Signs, keeps and checks the authority's checkpoints (issue 13). */
@Injectable()
export class AuditCheckpoints {
  constructor(
    private readonly repository: AuditRepository,
    private readonly audit: AuditService,
    private readonly tree: AuditTree,
    private readonly keys: AuditKeys,
    private readonly clock: Clock,
  ) {}

  /** Signs the log as it stands and keeps the checkpoint. */
  async sign(authorityId: string, authorityCode: string): Promise<Checkpoint> {
    const { size, root } = await this.tree.head(authorityId);
    const signed = signCheckpoint(
      { authority: authorityCode, treeSize: size, rootHash: root, signedAt: this.clock.now().toISOString() },
      this.keys.signingKey,
    );
    await this.repository.insertCheckpoint(authorityId, signed);
    return signed;
  }

  /** The scheduled round: a checkpoint of every authority whose log grew since its last one. */
  async signAll(): Promise<number> {
    const due = await this.repository.dueForCheckpoint();
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
    if (statement.authority !== user.authority)
      throw badField('checkpoint.signedText', 'is a checkpoint of another authority');
    return this.audit.readSnapshot(async (manager) => {
      const kept = await this.repository.checkpointsUpTo(manager, user.authorityId, user.authority, statement.treeSize);
      // Only kept checkpoints whose signature verifies vouch for anything: rows are not evidence.
      const vouching = kept.filter((cp) => {
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
      const proof = await this.tree
        .consistencyProof(user.authorityId, statement.treeSize, size, manager)
        .catch(() => null);
      if (
        storedRoot === verifier.currentRoot() &&
        proof &&
        verifyConsistency(statement.treeSize, size, statement.rootHash, storedRoot, proof)
      )
        return result;
      return {
        valid: false,
        eventsChecked: result.eventsChecked,
        firstInvalidSequence: Math.min(statement.treeSize + 1, size),
      };
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
