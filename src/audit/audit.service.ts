import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { authorityRuns, WritesAtEnd } from '../common/writes-at-end';
import { Clock } from '../clock/clock';
import { auditHash } from './audit-hash';
import { AuditLeafRecord, AuditRecord, AuditRepository, MerkleNodeRecord, NewAuditEvent } from './audit.repository';
import { LogVerifier, Verification } from './log-verifier';
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

const VERIFY_BATCH = 5_000;

/** The one audit path: every create and state change appends here, inside its transaction. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Commands whose events wait to be written at their end (appendingLast), by their transaction's runner. */
  private readonly deferred = new WritesAtEnd<{ entry: AuditEntry; row: AuditRecord }>('AuditService.appendingLast');

  /**
   * Appends one event to the authority's chain. The chain head row is locked, so sequences are
   * gapless and each event hashes its predecessor; the lock is held until the caller commits.
   * Inside appendingLast (every CommandRunner command) the event is written at the end of the
   * command instead, and the returned row is filled in then.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
    // Outside a transaction the head lock is released at once: duplicate sequences, or an event
    // whose change then rolls back. A programming error, so it fails loudly.
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error("AuditService.append must run inside the caller's transaction");
    const queue = this.deferred.queueOf(manager);
    if (!queue) return this.write(manager, entry);
    const row = {} as AuditRecord;
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
    return this.deferred.run(manager, work, (queue) => this.writeQueued(manager, queue));
  }

  /**
   * Writes deferred events in the order appended: a single event as `write` does; several of one
   * authority (a command that audits more than one change, or a bulk import batch) with one head
   * lock and one statement, hashed and chained in order exactly as one by one.
   */
  private async writeQueued(manager: EntityManager, queue: { entry: AuditEntry; row: AuditRecord }[]): Promise<void> {
    for (const run of authorityRuns(queue, (q) => q.entry.authorityId)) {
      if (run.length === 1) Object.assign(run[0].row, await this.write(manager, run[0].entry));
      else
        (
          await this.writeMany(
            manager,
            run.map((q) => q.entry),
          )
        ).forEach((row, i) => Object.assign(run[i].row, row));
    }
  }

  /** Several events of one authority, in order: one lock of the head, then one statement for the events, their Merkle nodes and the new head. */
  private async writeMany(manager: EntityManager, entries: AuditEntry[]): Promise<AuditRecord[]> {
    const authorityId = entries[0].authorityId;
    const head = await this.repository.lockHead(manager, authorityId);
    let sequence = head.lastSequence;
    let previousHash = head.lastHash;
    let frontier = head.frontier;
    const events: NewAuditEvent[] = [];
    const nodes: MerkleNodeRecord[] = [];
    for (const entry of entries) {
      const event = this.next(entry, sequence, previousHash);
      const tree = appendLeaf(frontier, sequence, leafHash(event.hash));
      nodes.push(...tree.nodes);
      events.push(event);
      sequence = event.sequence;
      previousHash = event.hash;
      frontier = tree.frontier;
    }
    return this.repository.insertMany(manager, authorityId, events, nodes, {
      lastSequence: sequence,
      lastHash: previousHash,
      frontier,
    });
  }

  private async write(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
    // Everything from here to the caller's commit holds the authority's head lock, so it is kept to
    // two statements (issue 13, docs/decisions.md): lock and read the head, then one statement that
    // writes the event, its Merkle nodes and the new head.
    const head = await this.repository.lockHead(manager, entry.authorityId);
    const event = this.next(entry, head.lastSequence, head.lastHash);
    // The Merkle tree grows in the same transaction: the leaf and each subtree it completes.
    const tree = appendLeaf(head.frontier, head.lastSequence, leafHash(event.hash));
    return this.repository.insertOne(manager, event, tree.nodes, tree.frontier);
  }

  /** The event that follows `lastSequence` and `previousHash`, with its hash over exactly what will be stored. */
  private next(entry: AuditEntry, lastSequence: number, previousHash: string | null): NewAuditEvent {
    // Millisecond precision, as stored by timestamptz(3): the hash covers exactly what is kept.
    const at = new Date(Math.floor(this.clock.now().getTime()));
    // A JSON round trip gives the same value the jsonb column will hand back.
    const details =
      entry.details == null ? null : (JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown>);
    const fields = {
      authorityId: entry.authorityId,
      sequence: lastSequence + 1,
      at,
      actorId: entry.actorId,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      fromStatus: entry.fromStatus ?? null,
      toStatus: entry.toStatus ?? null,
      reason: entry.reason ?? null,
      details,
      previousHash,
    };
    return { ...fields, hash: auditHash(fields) };
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
    return this.repository.snapshot(work);
  }

  /** Feeds the authority's events to the verifier in sequence order, with the stored leaves when asked, until it breaks. */
  async walk(manager: EntityManager, authorityId: string, verifier: LogVerifier, withLeaves = false): Promise<void> {
    if (withLeaves) {
      for await (const events of this.batches(manager, authorityId, true))
        for (const event of events) if (!verifier.add(event, event.leaf)) return;
    } else {
      for await (const events of this.batches(manager, authorityId))
        for (const event of events) if (!verifier.add(event)) return;
    }
  }

  /** The authority's events in sequence order, VERIFY_BATCH at a time (keyset on sequence). */
  batches(manager: EntityManager, authorityId: string): AsyncGenerator<AuditRecord[]>;
  batches(manager: EntityManager, authorityId: string, withLeaves: true): AsyncGenerator<AuditLeafRecord[]>;
  async *batches(
    manager: EntityManager,
    authorityId: string,
    withLeaves = false,
  ): AsyncGenerator<AuditRecord[] | AuditLeafRecord[]> {
    let after = 0;
    for (;;) {
      const events = withLeaves
        ? await this.repository.eventsWithLeavesAfter(manager, authorityId, after, VERIFY_BATCH)
        : await this.repository.eventsAfter(manager, authorityId, after, VERIFY_BATCH);
      if (events.length) yield events;
      if (events.length < VERIFY_BATCH) return;
      after = events[events.length - 1].sequence;
    }
  }

  /** Where the head says the log ends; null for an authority that never logged anything. */
  headSize(manager: EntityManager, authorityId: string): Promise<number | null> {
    return this.repository.headSize(manager, authorityId);
  }
}
