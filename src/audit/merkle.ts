import { createHash } from 'node:crypto';

/**
 * RFC 9162 section 2.1 Merkle tree maths, pure (no database), in lower-case hex. Leaf i (0-based) is
 * the audit event of sequence i + 1; its leaf input is the 32 bytes of the event's hash.
 *
 * Storage model: every perfect, aligned subtree ("node" at `level`, `index`, covering leaves
 * [index * 2^level, (index + 1) * 2^level)) is stored once, when its last leaf is appended. Every
 * range the RFC's recursion names splits into a few such nodes, so a root, an inclusion proof or a
 * consistency proof needs O(log n) stored nodes. The "frontier" is the list of the perfect subtrees
 * that make up a tree of `size` leaves, largest first (one per set bit of size).
 */

export interface NodeKey {
  level: number;
  index: number;
}
export interface MerkleNode extends NodeKey {
  hash: string;
}
/** A half-open range of leaves [start, end). */
export type LeafRange = [number, number];

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT = sha256().toString('hex');

/** SHA-256(0x00 || leaf input), the leaf input being the 32 bytes of the event hash. */
export function leafHash(eventHashHex: string): string {
  return sha256(Buffer.from([0]), Buffer.from(eventHashHex, 'hex')).toString('hex');
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: string, right: string): string {
  return sha256(Buffer.from([1]), Buffer.from(left, 'hex'), Buffer.from(right, 'hex')).toString('hex');
}

/** Largest power of two strictly smaller than n (n > 1): the RFC's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Appends leaf number `size` (0-based) to a tree of `size` leaves with this frontier. Returns the new
 * frontier and the nodes completed by this leaf (the leaf itself, then each parent it completes).
 */
export function appendLeaf(
  frontier: readonly string[],
  size: number,
  leaf: string,
): { frontier: string[]; nodes: MerkleNode[] } {
  const next = [...frontier];
  const nodes: MerkleNode[] = [{ level: 0, index: size, hash: leaf }];
  let hash = leaf;
  let level = 0;
  let index = size;
  // Each low set bit of `size` is a perfect subtree of that level waiting for a right sibling.
  while ((index & 1) === 1) {
    hash = nodeHash(next.pop()!, hash);
    level++;
    index = Math.floor(index / 2);
    nodes.push({ level, index, hash });
  }
  next.push(hash);
  return { frontier: next, nodes };
}

/** The root of a tree from its frontier: the perfect subtrees folded from the right. */
export function rootOfFrontier(frontier: readonly string[]): string {
  if (frontier.length === 0) return EMPTY_ROOT;
  let root = frontier[frontier.length - 1];
  for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i], root);
  return root;
}

/** The perfect aligned subtrees that make up [start, end), largest first (fold them from the right). */
export function perfectNodes([start, end]: LeafRange): NodeKey[] {
  const keys: NodeKey[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    keys.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return keys;
}

/** RFC 9162 2.1.3.1 PATH(m, D[n]) as the ranges whose hashes form the audit path, leaf to root. */
export function inclusionRanges(m: number, n: number, offset = 0): LeafRange[] {
  if (n <= 1) return [];
  const k = splitPoint(n);
  return m < k
    ? [...inclusionRanges(m, k, offset), [offset + k, offset + n]]
    : [...inclusionRanges(m - k, n - k, offset + k), [offset, offset + k]];
}

/** RFC 9162 2.1.4.1 PROOF(m, D[n]) as ranges, in proof order. */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  return 0 < m && m < n ? subproof(m, n, 0, true) : [];
}

function subproof(m: number, n: number, offset: number, b: boolean): LeafRange[] {
  if (m === n) return b ? [] : [[offset, offset + n]];
  const k = splitPoint(n);
  return m <= k
    ? [...subproof(m, k, offset, b), [offset + k, offset + n]]
    : [...subproof(m - k, n - k, offset + k, false), [offset, offset + k]];
}

/** The hash of a range from the hashes of its perfect nodes (as perfectNodes lists them). */
export function rangeHash(range: LeafRange, node: (key: NodeKey) => string): string {
  return rootOfFrontier(perfectNodes(range).map(node));
}

/** RFC 9162 2.1.3.2: does `path` prove leaf `index` of a tree of `size` leaves under `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: string,
  path: readonly string[],
  root: string,
): boolean {
  if (index >= size || index < 0) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r === root;
}

/** RFC 9162 2.1.4.2: does `proof` show the tree of size `first` under firstRoot is a prefix of `second`? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: string,
  secondRoot: string,
  proof: readonly string[],
): boolean {
  if (first === second) return proof.length === 0 && firstRoot === secondRoot;
  if (first === 0 || first > second) return first === 0 && proof.length === 0;
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr === firstRoot && sr === secondRoot && sn === 0;
}

/** A tree built leaf by leaf in memory (the verifiers): its root at any size reached so far is cheap. */
export class MerkleAccumulator {
  size = 0;
  frontier: string[] = [];

  add(leaf: string): void {
    this.frontier = appendLeaf(this.frontier, this.size, leaf).frontier;
    this.size++;
  }

  root(): string {
    return rootOfFrontier(this.frontier);
  }
}
