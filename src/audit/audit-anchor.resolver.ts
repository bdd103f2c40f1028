import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { AuditCheckpointInput, AuditCheckpointType, AuditInclusionProofType } from './audit-anchor.types';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditTree } from './audit-tree';
import { AuditChainVerification } from './audit.types';

/** The anchored audit trail (issue 13): signed checkpoints and RFC 9162 proofs. AUDITOR and ADMIN (operation-policy). */
@Resolver()
export class AuditAnchorResolver {
  constructor(
    private readonly checkpoints: AuditCheckpoints,
    private readonly tree: AuditTree,
  ) {}

  @Query(() => AuditCheckpointType, {
    description: "signs and returns a checkpoint of the caller's authority's log as it stands (AUDITOR, ADMIN)",
  })
  async auditCheckpoint(@Caller() user: CurrentUser): Promise<AuditCheckpointType> {
    const cp = await this.checkpoints.sign(user.authorityId, user.authority);
    return { ...cp, signedAt: new Date(cp.signedAt) };
  }

  @Query(() => AuditInclusionProofType)
  async auditInclusionProof(
    @Caller() user: CurrentUser,
    @Args('sequence', { type: () => Int }) sequence: number,
    @Args('treeSize', { type: () => Int }) treeSize: number,
  ): Promise<AuditInclusionProofType> {
    const { leafHash, path } = await this.tree.inclusionProof(user.authorityId, sequence, treeSize);
    return { sequence, treeSize, leafHash, path };
  }

  @Query(() => [String], { description: 'RFC 9162 section 2.1.4.1 consistency proof, lower-case hex' })
  auditConsistencyProof(
    @Caller() user: CurrentUser,
    @Args('fromSize', { type: () => Int }) fromSize: number,
    @Args('toSize', { type: () => Int }) toSize: number,
  ): Promise<string[]> {
    return this.tree.consistencyProof(user.authorityId, fromSize, toSize);
  }

  @Query(() => AuditChainVerification, {
    description:
      'checks the log against a checkpoint kept outside the service: the signature, the root at that size today, and the chain after it',
  })
  verifyAuditAgainst(
    @Caller() user: CurrentUser,
    @Args('checkpoint', { type: () => AuditCheckpointInput }) checkpoint: AuditCheckpointInput,
  ): Promise<AuditChainVerification> {
    return this.checkpoints.verifyAgainst(user, checkpoint);
  }
}
