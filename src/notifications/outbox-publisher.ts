import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

interface OutboxRow {
  id: number;
  recipient_id: string;
  topic: string;
  payload: Record<string, unknown>;
}

type PubSub = { publish(event: { topic: string; payload: unknown }, callback: (error?: unknown) => void): void };

// Identity values are taken at INSERT, not at COMMIT: a transaction holding a lower id can commit
// after a higher one was published. Each read takes what is above the highest id seen, plus the few
// ids below it that were skipped (the gaps: still in flight, or rolled back and never to come).
const BATCH = 1000;
// A gap is given up once every transaction that could hold it has ended: when a read's snapshot
// xmin has passed the xmax of the snapshot that first saw the gap (and a short grace for a writer
// between its nextval and its first xid). Until then it is re-read by id, and costs no row.
const GAP_GRACE_MS = 2000;
const MAX_GAPS = 10_000;

interface Gap {
  /** xmax of the snapshot that first saw this id missing: a transaction holding it had an xid below it */
  xmax: bigint;
  seenAt: number;
}

/** `${topic}:${recipientId}`: each person's subscription listens on their own topic only. */
export const recipientTopic = (topic: string, recipientId: string) => `${topic}:${recipientId}`;

/**
 * Publishes committed outbox rows to this instance's subscribers. NOTIFY 'outbox' is delivered
 * only on commit, so a rolled-back change is never announced. Every instance publishes every row
 * to its own local subscribers; the database stays the source of truth.
 */
@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('OutboxPublisher');
  private client?: Client;
  private lastId = 0;
  private readonly gaps = new Map<number, Gap>();
  /** reads and rows read since start (the benchmark of issue 17 counts them) */
  readonly stats = { reads: 0, rows: 0, published: 0 };
  gapGraceMs = GAP_GRACE_MS;
  private draining: Promise<void> = Promise.resolve();
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    // Start after what already exists: earlier rows were for earlier processes' subscribers.
    const { rows } = await this.client!.query('SELECT coalesce(max(id), 0)::bigint AS id FROM outbox_message');
    this.lastId = Number(rows[0].id);
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url, application_name: 'cp-workflow-outbox' });
    // A lost connection (a database restart, a failover) is re-established, then the backlog drained:
    // the rows wait in the table, so nothing committed meanwhile is lost.
    client.on('error', (error) => {
      if (this.stopped) return;
      this.log.warn({ err: error }, 'outbox listener connection lost; reconnecting');
    });
    client.on('end', () => {
      if (this.stopped || this.client !== client) return;
      this.client = undefined;
      setTimeout(() => this.reconnect(1), 1000).unref();
    });
    client.on('notification', () => this.schedule());
    await client.connect();
    await client.query('LISTEN outbox');
    this.client = client;
  }

  private async reconnect(attempt: number): Promise<void> {
    if (this.stopped) return;
    try {
      await this.listen();
      this.log.log('outbox listener reconnected');
      this.schedule();
    } catch (error) {
      const delay = Math.min(30_000, 1000 * 2 ** attempt);
      this.log.warn({ err: error, retryInMs: delay }, 'outbox listener could not reconnect');
      setTimeout(() => this.reconnect(attempt + 1), delay).unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.draining.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** One drain at a time; a notification during a drain asks for another pass. */
  private schedule(): void {
    this.again = true;
    this.draining = this.draining.then(async () => {
      while (this.again && !this.stopped) {
        this.again = false;
        await this.drain().catch((error) => this.log.error({ err: error }, 'outbox drain failed'));
      }
    });
  }

  private async drain(): Promise<void> {
    const pubsub = this.pubsub();
    if (!pubsub || !this.client) return;
    for (;;) {
      const rows = await this.read(this.client);
      for (const row of rows) {
        this.stats.published += 1;
        await new Promise<void>((done) =>
          pubsub.publish({ topic: recipientTopic(row.topic, row.recipient_id), payload: row.payload }, () => done()),
        );
      }
      if (rows.length < BATCH) return;
    }
  }

  /**
   * The committed rows not yet published, in id order, each exactly once: those above the highest
   * id seen and those of the open gaps below it. One statement, so the rows and the snapshot's
   * xmin/xmax agree.
   */
  async read(client: Pick<Client, 'query'>): Promise<OutboxRow[]> {
    const gapIds = [...this.gaps.keys()];
    const { rows } = await client.query<OutboxRow & { xmin: string; xmax: string }>(
      `SELECT m.id, m.recipient_id, m.topic, m.payload, s.xmin, s.xmax
         FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, pg_snapshot_xmax(pg_current_snapshot())::text AS xmax) s
         LEFT JOIN LATERAL (SELECT id, recipient_id, topic, payload FROM outbox_message
                             WHERE id > $1 OR id = ANY($2::bigint[]) ORDER BY id LIMIT $3
                             /* any-authority: one publisher relays every authority's messages, in id order */) m ON true`,
      [this.lastId, gapIds, BATCH],
    );
    this.stats.reads += 1;
    const snapshot = { xmin: BigInt(rows[0].xmin), xmax: BigInt(rows[0].xmax) };
    const found = rows
      .filter((r) => r.id !== null)
      .map((r) => ({ id: Number(r.id), recipient_id: r.recipient_id, topic: r.topic, payload: r.payload }));
    this.stats.rows += found.length;
    const now = performance.now(); // a monotonic grace for the publisher, not domain time (not the Clock)
    for (const row of found) {
      if (this.gaps.delete(row.id)) continue;
      // ids skipped between the highest seen and this one: held by transactions not yet committed
      for (let id = this.lastId + 1; id < row.id; id++) this.gaps.set(id, { xmax: snapshot.xmax, seenAt: now });
      this.lastId = row.id;
    }
    // A full batch may stop before some gaps' ids: only those below the last row read are settled.
    const settledBelow = found.length === BATCH ? found[found.length - 1].id : Infinity;
    for (const [id, gap] of this.gaps) {
      if (id < settledBelow && snapshot.xmin >= gap.xmax && now - gap.seenAt >= this.gapGraceMs) this.gaps.delete(id);
    }
    if (this.gaps.size > MAX_GAPS) {
      const drop = [...this.gaps.keys()].slice(0, this.gaps.size - MAX_GAPS);
      for (const id of drop) this.gaps.delete(id);
      this.log.warn({ dropped: drop.length }, 'outbox publisher gave up the oldest gaps');
    }
    return found;
  }

  /** ids below the highest seen that are still awaited */
  get openGaps(): number[] {
    return [...this.gaps.keys()];
  }

  private pubsub(): PubSub | undefined {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as { graphql?: { pubsub?: PubSub } } | undefined;
    return fastify?.graphql?.pubsub;
  }
}
