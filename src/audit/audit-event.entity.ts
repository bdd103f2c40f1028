import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One link of an authority's tamper-evident chain. Append-only: database triggers refuse
 * UPDATE, DELETE and TRUNCATE. `at` is stored to the millisecond, exactly what was hashed.
 */
@Entity()
@Index(['authorityId', 'sequence'], { unique: true })
@Index(['authorityId', 'entityType', 'entityId', 'sequence'])
@Index(['authorityId', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'uuid' })
  entityId: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ type: 'text', nullable: true })
  toStatus: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  previousHash: string | null;

  @Column({ type: 'text' })
  hash: string;
}

/** The head of each authority's chain: locked to take the next sequence without gaps. */
@Entity()
export class AuditChainHead {
  @Column({ type: 'uuid', primary: true })
  authorityId: string;

  @Column({ type: 'int', default: 0 })
  lastSequence: number;

  @Column({ type: 'text', nullable: true })
  lastHash: string | null;

  /** The Merkle tree's perfect subtrees over events 1..lastSequence, largest first (src/audit/merkle.ts). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  frontier: string[];
}

/**
 * One perfect, aligned subtree of an authority's RFC 9162 Merkle tree, stored when its last leaf is
 * appended (in the append's transaction): leaves [nodeIndex * 2^level, (nodeIndex + 1) * 2^level).
 * Append-only like audit_event.
 */
@Entity()
export class AuditMerkleNode {
  @Column({ type: 'uuid', primary: true })
  authorityId: string;

  @Column({ type: 'smallint', primary: true })
  level: number;

  @Column({ type: 'int', primary: true })
  nodeIndex: number;

  @Column({ type: 'text' })
  hash: string;
}

/** A signed statement of an authority's tree: kept by the service, and for handing to others. Append-only. */
@Entity('audit_checkpoint')
@Index(['authorityId', 'treeSize'])
export class AuditCheckpointRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'int' })
  treeSize: number;

  @Column({ type: 'text' })
  rootHash: string;

  @Column({ type: 'timestamptz', precision: 3 })
  signedAt: Date;

  @Column({ type: 'text' })
  keyId: string;

  @Column({ type: 'text' })
  signedText: string;

  @Column({ type: 'text' })
  signature: string;
}
