import { randomUUID } from 'node:crypto';
import { HttpAdapterHost } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OutboxPublisher } from '../../src/notifications/outbox-publisher';

/**
 * Issue 17: the outbox publisher reads only what it has not published. Identity values are taken at
 * INSERT, so two transactions can commit out of id order; each row must still be published exactly
 * once, and a commit must not cost re-reading hundreds of rows.
 */
describe('outbox publisher', () => {
  const url = process.env.TEST_DATABASE_URL!;
  const authorityId = randomUUID();
  const published: { topic: string; payload: { n: number } }[] = [];
  let publisher: OutboxPublisher;
  let a: Client;
  let b: Client;
  let nudger: Client;

  const insert = async (c: Client, n: number): Promise<number> => {
    // fanned_out_at set: the notification fan-out of other suites has nothing to do with these rows
    const { rows } = await c.query(
      "INSERT INTO outbox_message (authority_id, recipient_id, topic, payload, fanned_out_at) VALUES ($1, $1, 'test', $2, now()) RETURNING id",
      [authorityId, { n }],
    );
    await c.query("SELECT pg_notify('outbox', $1)", [authorityId]);
    return Number(rows[0].id);
  };
  const ns = () => published.map((p) => p.payload.n);
  /** Waits until `ok()`, running `between` (a short sleep by default) between checks. */
  const until = async (what: string, ok: () => boolean, ms = 5000, between?: () => Promise<void>) => {
    const end = performance.now() + ms;
    while (!ok()) {
      if (performance.now() > end) throw new Error(`timed out waiting for ${what}; published ${JSON.stringify(ns())}`);
      await (between ? between() : new Promise((r) => setTimeout(r, 10)));
    }
  };
  const nudge = async () => {
    const reads = publisher.stats.reads;
    await nudger.query("SELECT pg_notify('outbox', 'nudge')");
    await until('a read', () => publisher.stats.reads > reads);
  };

  beforeAll(async () => {
    a = new Client({ connectionString: url });
    b = new Client({ connectionString: url });
    nudger = new Client({ connectionString: url });
    await Promise.all([a.connect(), b.connect(), nudger.connect()]);
    // 600 rows already there: the old publisher looked back 500 ids on every commit
    await a.query(
      "INSERT INTO outbox_message (authority_id, recipient_id, topic, payload, fanned_out_at) SELECT $1, $1, 'test', jsonb_build_object('n', -g), now() FROM generate_series(1, 600) g",
      [authorityId],
    );
    const dataSource = { options: { url } } as unknown as DataSource;
    const pubsub = {
      publish: (event: { topic: string; payload: { n: number } }, done: () => void) => (published.push(event), done()),
    };
    const host = { httpAdapter: { getInstance: () => ({ graphql: { pubsub } }) } } as unknown as HttpAdapterHost;
    publisher = new OutboxPublisher(dataSource, host);
    await publisher.onApplicationBootstrap();
  });

  afterAll(async () => {
    await publisher?.onApplicationShutdown();
    await Promise.all([a?.end(), b?.end(), nudger?.end()]);
  });

  it('two transactions committing out of id order are each published once', async () => {
    await a.query('BEGIN');
    const first = await insert(a, 1); // the lower id, committed last
    await b.query('BEGIN');
    const second = await insert(b, 2);
    expect(second).toBeGreaterThan(first);
    await b.query('COMMIT');
    await until('the higher id', () => ns().includes(2));
    expect(publisher.openGaps).toContain(first);
    await nudge(); // a read while the lower id is still in flight publishes nothing again
    expect(ns()).toEqual([2]);

    await a.query('COMMIT');
    await until('the lower id', () => ns().includes(1));
    await nudge();
    expect(ns()).toEqual([2, 1]);
    expect(published.map((p) => p.topic)).toEqual([`test:${authorityId}`, `test:${authorityId}`]);
    expect(publisher.openGaps).toEqual([]);
  });

  it('an id taken by a rolled-back transaction is given up once no transaction could still hold it', async () => {
    publisher.gapGraceMs = 0;
    await a.query('BEGIN');
    const lost = await insert(a, 3);
    await a.query('ROLLBACK');
    await insert(b, 4);
    await until('the row after the rolled-back one', () => ns().includes(4));
    // Given up once a read's snapshot xmin has passed the xmax of the read that first saw the gap. xids are
    // cluster-wide, so a transaction of anything else on this server (another suite, another database)
    // can hold xmin back for a while: nudge until it has passed, within a bound.
    await until('the gap given up', () => !publisher.openGaps.includes(lost), 15_000, nudge);
    expect(publisher.openGaps).not.toContain(lost);
    expect(ns()).toEqual([2, 1, 4]);
  });

  it('a gap held by a transaction still open is kept however many reads pass, then published', async () => {
    publisher.gapGraceMs = 0;
    await a.query('BEGIN');
    const slow = await insert(a, 5);
    for (let i = 6; i < 9; i++) await insert(b, i);
    await until('the later rows', () => ns().includes(8));
    await nudge();
    await nudge();
    expect(publisher.openGaps).toContain(slow);
    await a.query('COMMIT');
    await until('the slow row', () => ns().includes(5));
    expect(ns()).toEqual([2, 1, 4, 6, 7, 8, 5]);
  });

  it('twenty commits read twenty rows, not the 500 ids behind each', async () => {
    const before = { ...publisher.stats };
    for (let i = 100; i < 120; i++) {
      await b.query('BEGIN');
      await insert(b, i);
      await b.query('COMMIT');
      await until(`row ${i}`, () => ns().includes(i));
    }
    const reads = publisher.stats.reads - before.reads;
    const rows = publisher.stats.rows - before.rows;
    process.stdout.write(`outbox publisher: 20 commits, ${reads} reads, ${rows} rows read\n`);
    expect(rows).toBe(20);
    expect(reads).toBeLessThanOrEqual(40);
    expect(new Set(ns()).size).toBe(ns().length);
  });
});
