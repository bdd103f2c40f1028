import { auditHash, HashedFields } from './audit-hash';
import { leafHash, MerkleAccumulator } from './merkle';

export interface LoggedEvent extends HashedFields {
  hash: string;
}

export interface Verification {
  valid: boolean;
  eventsChecked: number;
  firstInvalidSequence: number | null;
}

/**
 * Walks a log in sequence order, pure (no database): the hash chain (each event's hash recomputed,
 * linked to its predecessor, sequences gapless from 1) and the RFC 9162 tree over the event hashes,
 * keeping the root at each size asked for. The service's verifications and the offline verifier
 * (scripts/audit-verify.ts) share it.
 */
export class LogVerifier {
  eventsChecked = 0;
  /** the first sequence whose hash, link, position or stored leaf does not verify */
  firstBroken: number | null = null;
  private previousHash: string | null = null;
  private readonly tree = new MerkleAccumulator();
  private readonly roots = new Map<number, string>();
  private readonly watching: Set<number>;

  constructor(watchSizes: Iterable<number> = []) {
    this.watching = new Set(watchSizes);
    if (this.watching.has(0)) this.roots.set(0, this.tree.root());
  }

  get size(): number {
    return this.tree.size;
  }

  /** Adds the next event; false once the chain is broken (the caller may stop reading). */
  add(event: LoggedEvent, storedLeaf?: string | null): boolean {
    if (this.firstBroken !== null) return false;
    this.eventsChecked++;
    const expected = this.tree.size + 1;
    const leaf = leafHash(event.hash);
    if (
      event.sequence !== expected ||
      event.previousHash !== this.previousHash ||
      auditHash(event) !== event.hash ||
      (storedLeaf !== undefined && storedLeaf !== leaf)
    ) {
      this.firstBroken = expected;
      return false;
    }
    this.previousHash = event.hash;
    this.tree.add(leaf);
    if (this.watching.has(this.tree.size)) this.roots.set(this.tree.size, this.tree.root());
    return true;
  }

  /** The recomputed root at a watched size reached before any break, else undefined. */
  rootAt(size: number): string | undefined {
    return this.roots.get(size);
  }

  currentRoot(): string {
    return this.tree.root();
  }

  /** The chain alone, as verifyAuditChain reports it; `headSize` is where the log says it ends. */
  chainResult(headSize: number | null): Verification {
    if (this.firstBroken !== null)
      return { valid: false, eventsChecked: this.eventsChecked, firstInvalidSequence: this.firstBroken };
    // Events missing from the end (deleted behind the service's back) also fail.
    if (headSize !== null && headSize !== this.tree.size)
      return { valid: false, eventsChecked: this.eventsChecked, firstInvalidSequence: this.tree.size + 1 };
    return { valid: true, eventsChecked: this.eventsChecked, firstInvalidSequence: null };
  }

  /**
   * The log against a trusted checkpoint: the chain must verify and the root at treeSize must be the
   * signed one. A broken link or leaf at or before treeSize is where the change is. Otherwise a root
   * alone cannot say which event changed, so the first invalid sequence is the one after the largest
   * size that a trusted checkpoint (`vouching`, the given one included) still vouches for: with a
   * checkpoint every hour, a rewrite is placed to within that hour.
   */
  againstCheckpoint(
    checkpoint: { treeSize: number; rootHash: string },
    vouching: { treeSize: number; rootHash: string }[],
    headSize: number | null,
  ): Verification {
    const chain = this.chainResult(headSize);
    const matches = this.rootAt(checkpoint.treeSize) === checkpoint.rootHash;
    if (matches || (chain.firstInvalidSequence !== null && chain.firstInvalidSequence <= checkpoint.treeSize))
      return chain;
    const lastGood = Math.max(
      0,
      ...vouching.filter((c) => this.rootAt(c.treeSize) === c.rootHash).map((c) => c.treeSize),
    );
    return { valid: false, eventsChecked: this.eventsChecked, firstInvalidSequence: lastGood + 1 };
  }
}
