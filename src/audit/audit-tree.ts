import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { badField } from '../common/errors';
import { AuditRepository } from './audit.repository';
import {
  consistencyRanges,
  EMPTY_ROOT,
  inclusionRanges,
  LeafRange,
  NodeKey,
  perfectNodes,
  rangeHash,
  rootOfFrontier,
} from './merkle';

/**
 * Reads of an authority's stored RFC 9162 tree: a root, an inclusion proof or a consistency proof is
 * one query for O(log n) stored nodes, never a scan of the log.
 */
@Injectable()
export class AuditTree {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AuditRepository,
  ) {}

  /** The tree as it stands: its size and root, from the head row alone. */
  async head(
    authorityId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ size: number; root: string; lastHash: string | null }> {
    const head = await this.repository.head(manager, authorityId);
    return head
      ? { size: head.lastSequence, root: rootOfFrontier(head.frontier), lastHash: head.lastHash }
      : { size: 0, root: EMPTY_ROOT, lastHash: null };
  }

  async root(authorityId: string, size: number, manager?: EntityManager): Promise<string> {
    if (size === 0) return EMPTY_ROOT;
    return (await this.hashes(authorityId, [[0, size]], manager))[0];
  }

  /** RFC 9162 2.1.3.1 audit path for the event of `sequence` in the tree of `treeSize` events. */
  async inclusionProof(
    authorityId: string,
    sequence: number,
    treeSize: number,
  ): Promise<{ leafHash: string; path: string[] }> {
    await this.assertSize(authorityId, 'treeSize', treeSize, 1);
    if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > treeSize)
      throw badField('sequence', `must be from 1 to treeSize (${treeSize})`);
    const [leaf, ...path] = await this.hashes(authorityId, [
      [sequence - 1, sequence],
      ...inclusionRanges(sequence - 1, treeSize),
    ]);
    return { leafHash: leaf, path };
  }

  /** RFC 9162 2.1.4.1 consistency proof from the tree of fromSize events to the tree of toSize. */
  async consistencyProof(
    authorityId: string,
    fromSize: number,
    toSize: number,
    manager?: EntityManager,
  ): Promise<string[]> {
    await this.assertSize(authorityId, 'toSize', toSize, 1, manager);
    if (!Number.isSafeInteger(fromSize) || fromSize < 1 || fromSize > toSize)
      throw badField('fromSize', `must be from 1 to toSize (${toSize})`);
    return this.hashes(authorityId, consistencyRanges(fromSize, toSize), manager);
  }

  private async assertSize(
    authorityId: string,
    field: string,
    size: number,
    min: number,
    manager?: EntityManager,
  ): Promise<void> {
    const { size: current } = await this.head(authorityId, manager);
    if (!Number.isSafeInteger(size) || size < min || size > current)
      throw badField(
        field,
        current < min ? 'is beyond the log, which is empty' : `must be from ${min} to the log's size (${current})`,
      );
  }

  /** The hashes of these leaf ranges, from their perfect subtrees, fetched in one query. */
  private async hashes(
    authorityId: string,
    ranges: LeafRange[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const keys = ranges.flatMap((r) => perfectNodes(r));
    if (keys.length === 0) return [];
    const stored = new Map(
      (await this.repository.nodes(manager, authorityId, keys)).map((n) => [`${n.level}/${n.index}`, n.hash]),
    );
    const node = (key: NodeKey) => {
      const hash = stored.get(`${key.level}/${key.index}`);
      // Every perfect subtree inside the log is stored with its last leaf: a gap is damage, not input.
      if (!hash) throw new Error(`audit tree node ${key.level}/${key.index} is missing`);
      return hash;
    };
    return ranges.map((r) => rangeHash(r, node));
  }
}
