import { JsonColumns, jsonTimestamp } from '../common/json-row';
import { ReadPool } from '../common/read-pool';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CheckpointStatement, SignedCheckpoint } from './checkpoint';
import { LoggedEvent } from './log-verifier';

/**
 * One stored link of an authority's chain. Its fields are exactly the ones `auditHash` covers
 * (audit-hash.ts, by position, not by name), plus the row's id: a record read back hashes to its
 * `hash` when nothing was changed behind the service's back.
 */
export interface AuditRecord extends LoggedEvent {
  id: string;
  details: Record<string, unknown> | null;
}

/** An event to be written: everything but the id the database gives it. */
export type NewAuditEvent = Omit<AuditRecord, 'id'>;

/** An event with the stored Merkle leaf of its position (null when the node is missing). */
export interface AuditLeafRecord extends AuditRecord {
  leaf: string | null;
}

/** The head of an authority's chain: the last sequence and hash, and the Merkle tree's frontier. */
export interface ChainHeadRecord {
  lastSequence: number;
  lastHash: string | null;
  frontier: string[];
}

/** One stored perfect subtree of the authority's Merkle tree. */
export interface MerkleNodeRecord {
  level: number;
  index: number;
  hash: string;
}

/** A signed checkpoint as kept, with the code of the authority it speaks for. */
export type CheckpointRecord = CheckpointStatement & SignedCheckpoint;

/** An authority whose log grew since its last checkpoint. */
export interface CheckpointDueRecord {
  id: string;
  code: string;
}

/** The filters of the audit log's page (all optional). */
export interface AuditEventPageFilter {
  entityType?: string | null;
  entityId?: string | null;
  actorId?: string | null;
  from?: Date | string | null;
  to?: Date | string | null;
}

interface AuditEventRow {
  id: string;
  authority_id: string;
  sequence: number;
  at: Date;
  actor_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
  previous_hash: string | null;
  hash: string;
}

interface ChainHeadRow {
  last_sequence: number;
  last_hash: string | null;
  frontier: string[];
}

interface CheckpointRow {
  authority: string;
  tree_size: number;
  root_hash: string;
  signed_at: Date;
  key_id: string;
  signed_text: string;
  signature: string;
}

/** The stored values, unchanged: the hash chain and the exports depend on them byte for byte. */
const toRecord = (r: AuditEventRow): AuditRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  sequence: r.sequence,
  at: r.at,
  actorId: r.actor_id,
  entityType: r.entity_type,
  entityId: r.entity_id,
  action: r.action,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  reason: r.reason,
  details: r.details,
  previousHash: r.previous_hash,
  hash: r.hash,
});

/** The columns `toRecord` reads. */
const RECORD_COLUMNS = new JsonColumns(
  'id, authority_id, sequence, at, actor_id, entity_type, entity_id, action, from_status, to_status, reason, details, previous_hash, hash',
);

/**
 * Read joins (src/common/json-row.ts): the audit_event row `alias` as JSON in another owner's
 * statement, and back; `ofEntities` orders a record's history by sequence, oldest first.
 */
export const auditEventJsonSql = (alias: string): string => RECORD_COLUMNS.sql(alias);
export const auditEventFromJson = (json: readonly unknown[]): AuditRecord => {
  const row = RECORD_COLUMNS.row<AuditEventRow>(json);
  row.at = jsonTimestamp(row.at as unknown as string)!;
  return toRecord(row);
};

const headFromRow = (r: ChainHeadRow): ChainHeadRecord => ({
  lastSequence: r.last_sequence,
  lastHash: r.last_hash,
  frontier: r.frontier,
});

const checkpointFromRow = (r: CheckpointRow): CheckpointRecord => ({
  authority: r.authority,
  treeSize: r.tree_size,
  rootHash: r.root_hash,
  signedAt: r.signed_at.toISOString(),
  keyId: r.key_id,
  signedText: r.signed_text,
  signature: r.signature,
});

const jsonb = (details: Record<string, unknown> | null): string | null =>
  details === null ? null : JSON.stringify(details);

/**
 * All SQL on the audit trail's tables (audit_event, audit_chain_head, audit_merkle_node,
 * audit_checkpoint): src/audit owns them, and nothing else writes them. Every statement is scoped
 * to one authority except the checkpoint round's `dueForCheckpoint`, which looks at all of them.
 */
@Injectable()
export class AuditRepository {
  /** Reads outside a transaction (history, the log's pages) skip TypeORM's runner (issue 17). */
  private readonly reads: ReadPool;

  constructor(private readonly dataSource: DataSource) {
    this.reads = new ReadPool(dataSource);
  }

  /** Locks the authority's chain head (creating it on the authority's first event) and reads it. */
  async lockHead(manager: EntityManager, authorityId: string): Promise<ChainHeadRecord> {
    const select = 'SELECT last_sequence, last_hash, frontier FROM audit_chain_head WHERE authority_id = $1 FOR UPDATE';
    const [head]: ChainHeadRow[] = await manager.query(select, [authorityId]);
    if (head) return headFromRow(head);
    await manager.query('INSERT INTO audit_chain_head (authority_id) VALUES ($1) ON CONFLICT DO NOTHING', [
      authorityId,
    ]);
    const [created]: ChainHeadRow[] = await manager.query(select, [authorityId]);
    return headFromRow(created);
  }

  /** One statement: the event, the Merkle nodes it completes, and the head moved to it. */
  async insertOne(
    manager: EntityManager,
    event: NewAuditEvent,
    nodes: MerkleNodeRecord[],
    frontier: string[],
  ): Promise<AuditRecord> {
    const [row]: AuditEventRow[] = await manager.query(
      `WITH event AS (
         INSERT INTO audit_event (authority_id, sequence, at, actor_id, entity_type, entity_id, action, from_status, to_status, reason, details, previous_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *),
       node AS (
         INSERT INTO audit_merkle_node (authority_id, level, node_index, hash) SELECT $1, * FROM unnest($14::smallint[], $15::int[], $16::text[])),
       head AS (
         UPDATE audit_chain_head SET last_sequence = $2, last_hash = $13, frontier = $17 WHERE authority_id = $1)
       SELECT * FROM event`,
      [
        event.authorityId,
        event.sequence,
        event.at,
        event.actorId,
        event.entityType,
        event.entityId,
        event.action,
        event.fromStatus,
        event.toStatus,
        event.reason,
        jsonb(event.details),
        event.previousHash,
        event.hash,
        nodes.map((n) => n.level),
        nodes.map((n) => n.index),
        nodes.map((n) => n.hash),
        frontier,
      ],
    );
    return toRecord(row);
  }

  /** One statement for several events of one authority, in order: the events, their Merkle nodes and the head moved to the last. */
  async insertMany(
    manager: EntityManager,
    authorityId: string,
    events: NewAuditEvent[],
    nodes: MerkleNodeRecord[],
    head: ChainHeadRecord,
  ): Promise<AuditRecord[]> {
    const rows: AuditEventRow[] = await manager.query(
      `WITH event AS (
         INSERT INTO audit_event (authority_id, sequence, at, actor_id, entity_type, entity_id, action, from_status, to_status, reason, details, previous_hash, hash)
         SELECT $1, * FROM unnest($2::int[], $3::timestamptz[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::text[], $13::text[])
         RETURNING *),
       node AS (
         INSERT INTO audit_merkle_node (authority_id, level, node_index, hash) SELECT $1, * FROM unnest($14::smallint[], $15::int[], $16::text[])),
       head AS (
         UPDATE audit_chain_head SET last_sequence = $17, last_hash = $18, frontier = $19 WHERE authority_id = $1)
       SELECT * FROM event ORDER BY sequence`,
      [
        authorityId,
        events.map((e) => e.sequence),
        events.map((e) => e.at),
        events.map((e) => e.actorId),
        events.map((e) => e.entityType),
        events.map((e) => e.entityId),
        events.map((e) => e.action),
        events.map((e) => e.fromStatus),
        events.map((e) => e.toStatus),
        events.map((e) => e.reason),
        events.map((e) => jsonb(e.details)),
        events.map((e) => e.previousHash),
        events.map((e) => e.hash),
        nodes.map((n) => n.level),
        nodes.map((n) => n.index),
        nodes.map((n) => n.hash),
        head.lastSequence,
        head.lastHash,
        head.frontier,
      ],
    );
    return rows.map(toRecord);
  }

  /** A read-only REPEATABLE READ transaction: one consistent view of the log, its tree and head. */
  snapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(manager);
    });
  }

  /** The authority's events after `afterSequence` in sequence order, at most `limit`. */
  async eventsAfter(
    manager: EntityManager,
    authorityId: string,
    afterSequence: number,
    limit: number,
  ): Promise<AuditRecord[]> {
    const rows: AuditEventRow[] = await manager.query(
      'SELECT * FROM audit_event WHERE authority_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3',
      [authorityId, afterSequence, limit],
    );
    return rows.map(toRecord);
  }

  /** As `eventsAfter`, each with the stored Merkle leaf of its position. */
  async eventsWithLeavesAfter(
    manager: EntityManager,
    authorityId: string,
    afterSequence: number,
    limit: number,
  ): Promise<AuditLeafRecord[]> {
    const rows: (AuditEventRow & { leaf: string | null })[] = await manager.query(
      `SELECT e.*, n.hash AS leaf FROM audit_event e
       LEFT JOIN audit_merkle_node n ON n.authority_id = e.authority_id AND n.level = 0 AND n.node_index = e.sequence - 1
       WHERE e.authority_id = $1 AND e.sequence > $2 ORDER BY e.sequence LIMIT $3`,
      [authorityId, afterSequence, limit],
    );
    return rows.map((r) => ({ ...toRecord(r), leaf: r.leaf }));
  }

  /** The head as it stands, unlocked; null for an authority that never logged anything. */
  async head(db: EntityManager | DataSource, authorityId: string): Promise<ChainHeadRecord | null> {
    const [head]: ChainHeadRow[] = await db.query(
      'SELECT last_sequence, frontier, last_hash FROM audit_chain_head WHERE authority_id = $1',
      [authorityId],
    );
    return head ? headFromRow(head) : null;
  }

  /** Where the head says the log ends; null for an authority that never logged anything. */
  async headSize(manager: EntityManager, authorityId: string): Promise<number | null> {
    const [head]: { last_sequence: number }[] = await manager.query(
      'SELECT last_sequence FROM audit_chain_head WHERE authority_id = $1',
      [authorityId],
    );
    return head ? head.last_sequence : null;
  }

  /** The stored Merkle nodes among these keys, in one query (a missing one is simply absent). */
  async nodes(
    db: EntityManager | DataSource,
    authorityId: string,
    keys: { level: number; index: number }[],
  ): Promise<MerkleNodeRecord[]> {
    const rows: { level: number; node_index: number; hash: string }[] = await db.query(
      `SELECT n.level, n.node_index, n.hash FROM audit_merkle_node n
       JOIN unnest($2::smallint[], $3::int[]) AS k(level, node_index) ON n.level = k.level AND n.node_index = k.node_index
       WHERE n.authority_id = $1`,
      [authorityId, keys.map((k) => k.level), keys.map((k) => k.index)],
    );
    return rows.map((r) => ({ level: r.level, index: r.node_index, hash: r.hash }));
  }

  /** The audit events of these records of one type, oldest first. */
  async ofEntities(authorityId: string, entityType: string, entityIds: readonly string[]): Promise<AuditRecord[]> {
    const rows: AuditEventRow[] = await this.reads.query(
      'SELECT * FROM audit_event WHERE authority_id = $1 AND entity_type = $2 AND entity_id = ANY($3) ORDER BY sequence',
      [authorityId, entityType, entityIds],
    );
    return rows.map(toRecord);
  }

  /** The authority's events in chain order after `afterSequence`, filtered, at most `limit` of them. */
  async page(
    authorityId: string,
    filter: AuditEventPageFilter | null | undefined,
    afterSequence: number | null,
    limit: number,
  ): Promise<AuditRecord[]> {
    const where = ['authority_id = $1'];
    const params: unknown[] = [authorityId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter?.entityType) add('entity_type = ?', filter.entityType);
    if (filter?.entityId) add('entity_id = ?', filter.entityId);
    if (filter?.actorId) add('actor_id = ?', filter.actorId);
    if (filter?.from) add('at >= ?', filter.from);
    if (filter?.to) add('at <= ?', filter.to);
    if (afterSequence !== null) add('sequence > ?', afterSequence);
    params.push(limit);
    const rows: AuditEventRow[] = await this.reads.query(
      `SELECT * FROM audit_event WHERE ${where.join(' AND ')} ORDER BY sequence LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }

  /** Keeps a signed checkpoint. */
  async insertCheckpoint(authorityId: string, signed: Omit<CheckpointRecord, 'authority'>): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO audit_checkpoint (authority_id, tree_size, root_hash, signed_at, key_id, signed_text, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        authorityId,
        signed.treeSize,
        signed.rootHash,
        signed.signedAt,
        signed.keyId,
        signed.signedText,
        signed.signature,
      ],
    );
  }

  /**
   * The scheduled round's authorities: every one whose log grew since its last checkpoint. Across
   * authorities by design; it joins the directory's authority table for the code the checkpoint
   * names (importing the directory would close a folder cycle, docs/architecture.md "Read joins").
   */
  async dueForCheckpoint(): Promise<CheckpointDueRecord[]> {
    const rows: { id: string; code: string }[] = await this.dataSource.query(
      `SELECT a.id, a.code FROM audit_chain_head h JOIN authority a ON a.id = h.authority_id
       WHERE h.last_sequence > COALESCE((SELECT max(c.tree_size) FROM audit_checkpoint c WHERE c.authority_id = h.authority_id), 0)`,
    );
    return rows.map((r) => ({ id: r.id, code: r.code }));
  }

  /** The authority's kept checkpoints of at most `maxTreeSize` events, named by its code. */
  async checkpointsUpTo(
    manager: EntityManager,
    authorityId: string,
    authorityCode: string,
    maxTreeSize: number,
  ): Promise<CheckpointRecord[]> {
    const rows: CheckpointRow[] = await manager.query(
      'SELECT $2::text AS authority, tree_size, root_hash, signed_at, key_id, signed_text, signature FROM audit_checkpoint WHERE authority_id = $1 AND tree_size <= $3',
      [authorityId, authorityCode, maxTreeSize],
    );
    return rows.map(checkpointFromRow);
  }

  /** All the authority's kept checkpoints, oldest first, named by its code (the exports' file). */
  async checkpoints(authorityId: string, authorityCode: string): Promise<CheckpointRecord[]> {
    const rows: CheckpointRow[] = await this.dataSource.query(
      'SELECT $2::text AS authority, tree_size, root_hash, signed_at, key_id, signed_text, signature FROM audit_checkpoint WHERE authority_id = $1 ORDER BY tree_size, signed_at',
      [authorityId, authorityCode],
    );
    return rows.map(checkpointFromRow);
  }
}
