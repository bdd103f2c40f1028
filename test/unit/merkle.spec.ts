import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  appendLeaf,
  consistencyRanges,
  EMPTY_ROOT,
  inclusionRanges,
  leafHash,
  MerkleAccumulator,
  MerkleNode,
  NodeKey,
  rangeHash,
  rootOfFrontier,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/merkle';

// ---- Reference code, written straight from RFC 9162 section 2.1 over the list of leaf inputs. ----
const H = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1); // largest power of 2 smaller than n
function MTH(D: Buffer[]): Buffer {
  if (D.length === 0) return H();
  if (D.length === 1) return H(Buffer.from([0]), D[0]);
  return H(Buffer.from([1]), MTH(D.slice(0, k(D.length))), MTH(D.slice(k(D.length))));
}
function PATH(m: number, D: Buffer[]): Buffer[] {
  if (D.length === 1) return [];
  const s = k(D.length);
  return m < s ? [...PATH(m, D.slice(0, s)), MTH(D.slice(s))] : [...PATH(m - s, D.slice(s)), MTH(D.slice(0, s))];
}
function SUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  const n = D.length;
  if (m === n) return b ? [] : [MTH(D)];
  const s = k(n);
  return m <= s
    ? [...SUBPROOF(m, D.slice(0, s), b), MTH(D.slice(s))]
    : [...SUBPROOF(m - s, D.slice(s), false), MTH(D.slice(0, s))];
}
const PROOF = (m: number, D: Buffer[]) => SUBPROOF(m, D, true);
const hex = (b: Buffer) => b.toString('hex');

/** n random event hashes, and the tree as the service stores it: every completed node, plus the frontier. */
function build(eventHashes: string[]) {
  const nodes = new Map<string, string>();
  let frontier: string[] = [];
  eventHashes.forEach((h, i) => {
    const appended = appendLeaf(frontier, i, leafHash(h));
    frontier = appended.frontier;
    appended.nodes.forEach((node: MerkleNode) => nodes.set(`${node.level}/${node.index}`, node.hash));
  });
  const node = (key: NodeKey) => {
    const hash = nodes.get(`${key.level}/${key.index}`);
    if (!hash) throw new Error(`node ${key.level}/${key.index} was never stored`);
    return hash;
  };
  return { nodes, frontier, node, leaves: eventHashes.map((h) => Buffer.from(h, 'hex')) };
}
const eventHashes = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => hex(H(Buffer.from(`event ${seed} ${i}`))));

describe('RFC 9162 Merkle tree', () => {
  it('hashes leaves and nodes with the 0x00 / 0x01 prefixes, and the empty tree as SHA-256("")', () => {
    expect(EMPTY_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(rootOfFrontier([])).toBe(EMPTY_ROOT);
    const [a, b] = eventHashes(2, 0);
    expect(leafHash(a)).toBe(hex(H(Buffer.from([0]), Buffer.from(a, 'hex'))));
    expect(build([a, b]).frontier).toEqual([
      hex(H(Buffer.from([1]), H(Buffer.from([0]), Buffer.from(a, 'hex')), H(Buffer.from([0]), Buffer.from(b, 'hex')))),
    ]);
  });

  it('stores exactly one node per perfect aligned subtree: 2n - 1 for a power of two', () => {
    expect(build(eventHashes(8, 1)).nodes.size).toBe(15);
    expect(build(eventHashes(7, 1)).nodes.size).toBe(7 + 3 + 1);
  });

  it('every tree size 1..300: the root from the stored nodes and from the frontier equals MTH, and the accumulator agrees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (n, seed) => {
        const hashes = eventHashes(n, seed);
        const tree = build(hashes);
        const acc = new MerkleAccumulator();
        for (let m = 1; m <= n; m++) {
          acc.add(leafHash(hashes[m - 1]));
          const expected = hex(MTH(tree.leaves.slice(0, m)));
          expect(rangeHash([0, m], tree.node)).toBe(expected);
          expect(acc.root()).toBe(expected);
        }
        expect(rootOfFrontier(tree.frontier)).toBe(hex(MTH(tree.leaves)));
      }),
      { numRuns: 12 },
    );
  });

  it('every inclusion proof of a random tree of 1..300 leaves equals the RFC PATH and verifies; a changed one does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (n, seed) => {
        const tree = build(eventHashes(n, seed));
        const root = hex(MTH(tree.leaves));
        for (let m = 0; m < n; m++) {
          const path = inclusionRanges(m, n).map((r) => rangeHash(r, tree.node));
          expect(path).toEqual(PATH(m, tree.leaves).map(hex));
          const leaf = leafHash(hex(tree.leaves[m]));
          expect(verifyInclusion(m, n, leaf, path, root)).toBe(true);
          if (path.length) expect(verifyInclusion(m, n, leaf, [EMPTY_ROOT, ...path.slice(1)], root)).toBe(false);
          expect(verifyInclusion(m, n, leaf, [...path, EMPTY_ROOT], root)).toBe(false);
          expect(verifyInclusion(m, n, leafHash(EMPTY_ROOT), path, root)).toBe(false);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('every consistency proof m -> n of a random tree of 1..300 leaves equals the RFC PROOF and verifies; a changed one does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (n, seed) => {
        const tree = build(eventHashes(n, seed));
        const newRoot = hex(MTH(tree.leaves));
        for (let m = 1; m <= n; m++) {
          const oldRoot = hex(MTH(tree.leaves.slice(0, m)));
          const proof = consistencyRanges(m, n).map((r) => rangeHash(r, tree.node));
          expect(proof).toEqual(m === n ? [] : PROOF(m, tree.leaves).map(hex));
          expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
          // Another old root (a rewritten prefix) or another new root must not verify.
          expect(verifyConsistency(m, n, EMPTY_ROOT, newRoot, proof)).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, EMPTY_ROOT, proof)).toBe(false);
          if (proof.length)
            expect(verifyConsistency(m, n, oldRoot, newRoot, [EMPTY_ROOT, ...proof.slice(1)])).toBe(false);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('a rewritten leaf changes the root at every size that covers it, and no earlier one', () => {
    const hashes = eventHashes(40, 7);
    const forged = [...hashes];
    forged[20] = eventHashes(1, 99)[0];
    const a = build(hashes);
    const b = build(forged);
    for (let m = 1; m <= 40; m++) expect(rangeHash([0, m], a.node) === rangeHash([0, m], b.node)).toBe(m <= 20);
  });
});
