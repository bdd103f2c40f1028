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
// after a higher one was published. Each read looks back this many ids and skips those already sent.
const LOOK_BACK_IDS = 500;
const BATCH = 1000;

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
  private readonly sent = new Set<number>();
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
      const { rows } = await this.client.query<OutboxRow>(
        'SELECT id, recipient_id, topic, payload FROM outbox_message WHERE id > $1 ORDER BY id LIMIT $2',
        [Math.max(0, this.lastId - LOOK_BACK_IDS), BATCH],
      );
      const fresh = rows.filter((r) => !this.sent.has(Number(r.id)));
      for (const row of fresh) {
        const id = Number(row.id);
        this.sent.add(id);
        this.lastId = Math.max(this.lastId, id);
        await new Promise<void>((done) => pubsub.publish({ topic: recipientTopic(row.topic, row.recipient_id), payload: row.payload }, () => done()));
      }
      for (const id of this.sent) if (id <= this.lastId - LOOK_BACK_IDS) this.sent.delete(id);
      if (rows.length < BATCH) return;
    }
  }

  private pubsub(): PubSub | undefined {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as { graphql?: { pubsub?: PubSub } } | undefined;
    return fastify?.graphql?.pubsub;
  }
}
