import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Clock } from '../clock/clock';
import { auditHash } from './audit-hash';
import { LoggedEvent, LogVerifier, Verification } from './log-verifier';
import { appendLeaf, leafHash } from './merkle';

export interface AuditEntry {
  authorityId: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditRow {
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

const VERIFY_BATCH = 5_000;

/** The one audit path: every create and state change appends here, inside its transaction. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Commands whose events wait to be written at their end (appendingLast), by their transaction's runner. */
  private readonly deferred = new WeakMap<QueryRunner, { entry: AuditEntry; row: AuditRow }[]>();

  /**
   * Appends one event to the authority's chain. The chain head row is locked, so sequences are
   * gapless and each event hashes its predecessor; the lock is held until the caller commits.
   * Inside appendingLast (every CommandRunner command) the event is written at the end of the
   * command instead, and the returned row is filled in then.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<AuditRow> {
    // Outside a transaction the head lock is released at once: duplicate sequences, or an event
    // whose change then rolls back. A programming error, so it fails loudly.
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.append must run inside the caller\'s transaction');
    const queue = this.deferred.get(manager.queryRunner);
    if (!queue) return this.write(manager, entry);
    const row = {} as AuditRow;
    queue.push({ entry, row });
    return row;
  }

  /**
   * Runs `work` (the body of a transaction that commits as soon as it returns) with its audit events
   * written last, in the order appended: the authority's head lock is then held for two statements
   * and the commit, not for the whole command (issue 13, docs/decisions.md). Same transaction,
   * same gapless sequence.
   */
  async appendingLast<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('AuditService.appendingLast must run inside a transaction');
    if (this.deferred.has(runner)) return work();
    const queue: { entry: AuditEntry; row: AuditRow }[] = [];
    this.deferred.set(runner, queue);
    try {
      const result = await work();
      this.deferred.delete(runner);
      await this.writeQueued(manager, queue);
      return result;
    } finally {
      this.deferred.delete(runner);
    }
  }

  /**
   * Writes deferred events in the order appended: a single event as `write` does; several of one
   * authority (a command that audits more than one change, or a bulk import batch) with one head
   * lock and one statement, hashed and chained in order exactly as one by one.
   */
  private async writeQueued(manager: EntityManager, queue: { entry: AuditEntry; row: AuditRow }[]): Promise<void> {
    for (let start = 0; start < queue.length; ) {
      let end = start + 1;
      while (end < queue.length && queue[end].entry.authorityId === queue[start].entry.authorityId) end++;
      const run = queue.slice(start, end);
      if (run.length === 1) Object.assign(run[0].row, await this.write(manager, run[0].entry));
      else (await this.writeMany(manager, run.map((q) => q.entry))).forEach((row, i) => Object.assign(run[i].row, row));
      start = end;
    }
  }

  /** Several events of one authority, in order: one lock of the head, then one statement for the events, their Merkle nodes and the new head. */
  private async writeMany(manager: EntityManager, entries: AuditEntry[]): Promise<AuditRow[]> {
    const authorityId = entries[0].authorityId;
    const head = await this.lockHead(manager, authorityId);
    let sequence = head.last_sequence;
    let previousHash = head.last_hash;
    let frontier = head.frontier;
    const columns = { sequence: [] as number[], at: [] as Date[], actorId: [] as (string | null)[], entityType: [] as string[], entityId: [] as string[], action: [] as string[],
      fromStatus: [] as (string | null)[], toStatus: [] as (string | null)[], reason: [] as (string | null)[], details: [] as (string | null)[], previousHash: [] as (string | null)[], hash: [] as string[] };
    const nodes = { level: [] as number[], index: [] as number[], hash: [] as string[] };
    for (const entry of entries) {
      const at = new Date(Math.floor(this.clock.now().getTime()));
      const details = entry.details == null ? null : (JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown>);
      const fields = {
        authorityId, sequence: sequence + 1, at, actorId: entry.actorId, entityType: entry.entityType, entityId: entry.entityId, action: entry.action,
        fromStatus: entry.fromStatus ?? null, toStatus: entry.toStatus ?? null, reason: entry.reason ?? null, details, previousHash,
      };
      const hash = auditHash(fields);
      const tree = appendLeaf(frontier, sequence, leafHash(hash));
      for (const n of tree.nodes) {
        nodes.level.push(n.level);
        nodes.index.push(n.index);
        nodes.hash.push(n.hash);
      }
      columns.sequence.push(fields.sequence);
      columns.at.push(at);
      columns.actorId.push(fields.actorId);
      columns.entityType.push(fields.entityType);
      columns.entityId.push(fields.entityId);
      columns.action.push(fields.action);
      columns.fromStatus.push(fields.fromStatus);
      columns.toStatus.push(fields.toStatus);
      columns.reason.push(fields.reason);
      columns.details.push(details === null ? null : JSON.stringify(details));
      columns.previousHash.push(previousHash);
      columns.hash.push(hash);
      sequence = fields.sequence;
      previousHash = hash;
      frontier = tree.frontier;
    }
    const rows: AuditRow[] = await manager.query(
      `WITH event AS (
         INSERT INTO audit_event (authority_id, sequence, at, actor_id, entity_type, entity_id, action, from_status, to_status, reason, details, previous_hash, hash)
         SELECT $1, * FROM unnest($2::int[], $3::timestamptz[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::text[], $13::text[])
         RETURNING *),
       node AS (
         INSERT INTO audit_merkle_node (authority_id, level, node_index, hash) SELECT $1, * FROM unnest($14::smallint[], $15::int[], $16::text[])),
       head AS (
         UPDATE audit_chain_head SET last_sequence = $17, last_hash = $18, frontier = $19 WHERE authority_id = $1)
       SELECT * FROM event ORDER BY sequence`,
      [authorityId, columns.sequence, columns.at, columns.actorId, columns.entityType, columns.entityId, columns.action, columns.fromStatus, columns.toStatus, columns.reason,
        columns.details, columns.previousHash, columns.hash, nodes.level, nodes.index, nodes.hash, sequence, previousHash, frontier],
    );
    return rows;
  }

  private async write(manager: EntityManager, entry: AuditEntry): Promise<AuditRow> {
    // Everything from here to the caller's commit holds the authority's head lock, so it is kept to
    // two statements (issue 13, docs/decisions.md): lock and read the head, then one statement that
    // writes the event, its Merkle nodes and the new head.
    const head = await this.lockHead(manager, entry.authorityId);
    // Millisecond precision, as stored by timestamptz(3): the hash covers exactly what is kept.
    const at = new Date(Math.floor(this.clock.now().getTime()));
    // A JSON round trip gives the same value the jsonb column will hand back.
    const details = entry.details == null ? null : (JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown>);
    const fields = {
      authorityId: entry.authorityId,
      sequence: head.last_sequence + 1,
      at,
      actorId: entry.actorId,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      fromStatus: entry.fromStatus ?? null,
      toStatus: entry.toStatus ?? null,
      reason: entry.reason ?? null,
      details,
      previousHash: head.last_hash,
    };
    const hash = auditHash(fields);
    // The Merkle tree grows in the same transaction: the leaf and each subtree it completes.
    const tree = appendLeaf(head.frontier, head.last_sequence, leafHash(hash));
    const [row]: AuditRow[] = await manager.query(
      `WITH event AS (
         INSERT INTO audit_event (authority_id, sequence, at, actor_id, entity_type, entity_id, action, from_status, to_status, reason, details, previous_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *),
       node AS (
         INSERT INTO audit_merkle_node (authority_id, level, node_index, hash) SELECT $1, * FROM unnest($14::smallint[], $15::int[], $16::text[])),
       head AS (
         UPDATE audit_chain_head SET last_sequence = $2, last_hash = $13, frontier = $17 WHERE authority_id = $1)
       SELECT * FROM event`,
      [fields.authorityId, fields.sequence, at, fields.actorId, fields.entityType, fields.entityId, fields.action, fields.fromStatus, fields.toStatus, fields.reason,
        details === null ? null : JSON.stringify(details), fields.previousHash, hash,
        tree.nodes.map((n) => n.level), tree.nodes.map((n) => n.index), tree.nodes.map((n) => n.hash), tree.frontier],
    );
    return row;
  }

  /** Locks the authority's chain head (creating it on the authority's first event) and reads it. */
  private async lockHead(manager: EntityManager, authorityId: string): Promise<{ last_sequence: number; last_hash: string | null; frontier: string[] }> {
    const select = 'SELECT last_sequence, last_hash, frontier FROM audit_chain_head WHERE authority_id = $1 FOR UPDATE';
    type Head = { last_sequence: number; last_hash: string | null; frontier: string[] };
    const [head]: Head[] = await manager.query(select, [authorityId]);
    if (head) return head;
    await manager.query('INSERT INTO audit_chain_head (authority_id) VALUES ($1) ON CONFLICT DO NOTHING', [authorityId]);
    const [created]: Head[] = await manager.query(select, [authorityId]);
    return created;
  }

  /**
   * Recomputes the authority's chain in sequence order, in batches so that a million events never
   * sit in memory at once. Reports the first sequence whose hash, link or position does not verify.
   */
  async verify(authorityId: string): Promise<Verification> {
    // One snapshot for every batch and the head: read separately, an append committing between the
    // last batch and the head made a healthy chain look truncated.
    return this.readSnapshot(async (manager) => {
      const verifier = new LogVerifier();
      await this.walk(manager, authorityId, verifier);
      return verifier.chainResult(await this.headSize(manager, authorityId));
    });
  }

  /** A read-only REPEATABLE READ transaction: one consistent view of the log, its tree and head. */
  readSnapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(manager);
    });
  }

  /** Feeds the authority's events to the verifier in sequence order, with the stored leaves when asked, until it breaks. */
  async walk(manager: EntityManager, authorityId: string, verifier: LogVerifier, withLeaves = false): Promise<void> {
    for await (const rows of this.batches(manager, authorityId, withLeaves)) {
      for (const row of rows) if (!verifier.add(rowToFields(row), withLeaves ? (row.leaf ?? null) : undefined)) return;
    }
  }

  /** The authority's events in sequence order, VERIFY_BATCH at a time (keyset on sequence). */
  async *batches(manager: EntityManager, authorityId: string, withLeaves = false): AsyncGenerator<(AuditRow & { leaf?: string | null })[]> {
    let after = 0;
    for (;;) {
      const rows: (AuditRow & { leaf?: string | null })[] = await manager.query(
        withLeaves
          ? `SELECT e.*, n.hash AS leaf FROM audit_event e
             LEFT JOIN audit_merkle_node n ON n.authority_id = e.authority_id AND n.level = 0 AND n.node_index = e.sequence - 1
             WHERE e.authority_id = $1 AND e.sequence > $2 ORDER BY e.sequence LIMIT $3`
          : 'SELECT * FROM audit_event WHERE authority_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3',
        [authorityId, after, VERIFY_BATCH],
      );
      if (rows.length) yield rows;
      if (rows.length < VERIFY_BATCH) return;
      after = rows[rows.length - 1].sequence;
    }
  }

  /** Where the head says the log ends; null for an authority that never logged anything. */
  async headSize(manager: EntityManager, authorityId: string): Promise<number | null> {
    const [head]: { last_sequence: number }[] = await manager.query('SELECT last_sequence FROM audit_chain_head WHERE authority_id = $1', [authorityId]);
    return head ? head.last_sequence : null;
  }
}

export function rowToFields(row: AuditRow): LoggedEvent {
  return {
    authorityId: row.authority_id,
    sequence: row.sequence,
    at: row.at,
    actorId: row.actor_id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    reason: row.reason,
    details: row.details,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
