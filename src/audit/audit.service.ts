import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { auditHash } from './audit-hash';

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

  /**
   * Appends one event to the authority's chain. The chain head row is locked, so sequences are
   * gapless and each event hashes its predecessor; the lock is held until the caller commits.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<AuditRow> {
    // Outside a transaction the head lock is released at once: duplicate sequences, or an event
    // whose change then rolls back. A programming error, so it fails loudly.
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.append must run inside the caller\'s transaction');
    await manager.query('INSERT INTO audit_chain_head (authority_id) VALUES ($1) ON CONFLICT DO NOTHING', [entry.authorityId]);
    const [head]: { last_sequence: number; last_hash: string | null }[] = await manager.query(
      'SELECT last_sequence, last_hash FROM audit_chain_head WHERE authority_id = $1 FOR UPDATE',
      [entry.authorityId],
    );
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
    const [row]: AuditRow[] = await manager.query(
      `INSERT INTO audit_event (authority_id, sequence, at, actor_id, entity_type, entity_id, action, from_status, to_status, reason, details, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
      [fields.authorityId, fields.sequence, at, fields.actorId, fields.entityType, fields.entityId, fields.action, fields.fromStatus, fields.toStatus, fields.reason, details === null ? null : JSON.stringify(details), fields.previousHash, hash],
    );
    await manager.query('UPDATE audit_chain_head SET last_sequence = $2, last_hash = $3 WHERE authority_id = $1', [entry.authorityId, fields.sequence, hash]);
    return row;
  }

  /**
   * Recomputes the authority's chain in sequence order, in batches so that a million events never
   * sit in memory at once. Reports the first sequence whose hash, link or position does not verify.
   */
  async verify(authorityId: string): Promise<{ valid: boolean; eventsChecked: number; firstInvalidSequence: number | null }> {
    // One snapshot for every batch and the head: read separately, an append committing between the
    // last batch and the head made a healthy chain look truncated.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return this.verifyIn(manager, authorityId);
    });
  }

  private async verifyIn(manager: EntityManager, authorityId: string): Promise<{ valid: boolean; eventsChecked: number; firstInvalidSequence: number | null }> {
    let previousHash: string | null = null;
    let expected = 1;
    let checked = 0;
    for (;;) {
      const rows: AuditRow[] = await manager.query(
        'SELECT * FROM audit_event WHERE authority_id = $1 AND sequence >= $2 ORDER BY sequence LIMIT $3',
        [authorityId, expected, VERIFY_BATCH],
      );
      for (const row of rows) {
        checked++;
        const recomputed = auditHash(rowToFields(row));
        if (row.sequence !== expected || row.previous_hash !== previousHash || row.hash !== recomputed) {
          return { valid: false, eventsChecked: checked, firstInvalidSequence: expected };
        }
        previousHash = row.hash;
        expected++;
      }
      if (rows.length < VERIFY_BATCH) break;
    }
    const [head]: { last_sequence: number }[] = await manager.query('SELECT last_sequence FROM audit_chain_head WHERE authority_id = $1', [authorityId]);
    // Events missing from the end of the chain (deleted behind the service's back) also fail.
    if (head && head.last_sequence !== expected - 1) return { valid: false, eventsChecked: checked, firstInvalidSequence: expected };
    return { valid: true, eventsChecked: checked, firstInvalidSequence: null };
  }
}

export function rowToFields(row: AuditRow) {
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
  };
}
