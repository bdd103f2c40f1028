import { DataSource, QueryFailedError } from 'typeorm';
import { authorityScope } from '../../src/common/authority-scope';
import { ReadPool } from '../../src/common/read-pool';
import { inBatch } from '../../src/import/batch-transaction';
import { ChildRepository } from '../../src/directory/child.repository';
import { buildDirectory, DirectoryWorld } from '../helpers/builders/directory';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * Issue 17: the loaders' and lists' reads run on ReadPool (the pg pool TypeORM owns, without its query
 * runner). Row-level security must hold there exactly as on TypeORM's path: a read in a request scoped
 * to authority A sees none of B's rows even when its own `authority_id` filter is gone, the
 * connection's cached authority follows the scope from one read to the next, a read never touches an
 * open transaction's setting, and work outside any request sees every authority.
 */
describe('ReadPool: reads outside a transaction, on the pg pool, under row-level security', () => {
  let t: TestApp;
  let a: DirectoryWorld;
  let b: DirectoryWorld;
  let reads: ReadPool;
  let db: DataSource;
  let childA: string;
  let childB: string;

  const inScope = <T>(authorityId: string, work: () => Promise<T>) => authorityScope.run({ authorityId }, work);

  beforeAll(async () => {
    t = await startTestApp();
    db = t.dataSource;
    a = await buildDirectory(t.app, 'rp-a');
    b = await buildDirectory(t.app, 'rp-b');
    childA = await a.child(a.teamA);
    childB = await b.child(b.teamA);
    reads = t.app.get(ReadPool);
  }, 60_000);
  afterAll(() => t.close());

  it("a read scoped to A sees none of B's rows, with no authority_id filter of its own", async () => {
    const unfiltered = await inScope(a.authorityId, () =>
      reads.query<{ id: string; authority_id: string }>('SELECT id, authority_id FROM child WHERE id = ANY($1)', [
        [childA, childB],
      ]),
    );
    expect(unfiltered).toEqual([{ id: childA, authority_id: a.authorityId }]);
    expect(await inScope(a.authorityId, () => reads.query('SELECT DISTINCT authority_id FROM child'))).toEqual([
      { authority_id: a.authorityId },
    ]);
    // A loader's read through the repository's default (ReadPool), asking for B's child under B's id: nothing.
    const children = t.app.get(ChildRepository);
    expect(await inScope(a.authorityId, () => children.findMany(b.authorityId, [childB]))).toEqual([]);
    expect((await inScope(b.authorityId, () => children.findMany(b.authorityId, [childB]))).map((c) => c.id)).toEqual([
      childB,
    ]);
  });

  it('follows the scope from one read to the next on the same pooled connections, and outside any request sees every authority', async () => {
    const seen = (authorityId?: string) => {
      const read = () =>
        reads.query<{ authority_id: string }>(
          'SELECT DISTINCT authority_id FROM child WHERE authority_id = ANY($1) ORDER BY authority_id',
          [[a.authorityId, b.authorityId]],
        );
      return authorityId ? inScope(authorityId, read) : read();
    };
    const both = [a.authorityId, b.authorityId].sort().map((authority_id) => ({ authority_id }));
    for (let i = 0; i < 3; i++) {
      expect(await seen(a.authorityId)).toEqual([{ authority_id: a.authorityId }]);
      expect(await seen(b.authorityId)).toEqual([{ authority_id: b.authorityId }]);
      expect(await seen()).toEqual(both);
    }
    // Concurrent reads of both authorities and of none, each on whichever connection the pool hands out.
    const mixed = await Promise.all(
      Array.from({ length: 30 }, (_, i) => seen([a.authorityId, b.authorityId, undefined][i % 3])),
    );
    mixed.forEach((rows, i) =>
      expect(rows).toEqual([[{ authority_id: a.authorityId }], [{ authority_id: b.authorityId }], both][i % 3]),
    );
  });

  it('a prepared statement, planned once per connection, still reads under the scope of each call (a generic plan included)', async () => {
    const sql = 'SELECT DISTINCT authority_id FROM child WHERE authority_id = ANY($1) ORDER BY authority_id';
    const read = (authorityId?: string) => {
      const run = () => reads.prepared<{ authority_id: string }>(sql, [[a.authorityId, b.authorityId]]);
      return authorityId ? inScope(authorityId, run) : run();
    };
    const both = [a.authorityId, b.authorityId].sort().map((authority_id) => ({ authority_id }));
    // More than five runs on a connection: PostgreSQL may then switch the statement to a generic plan.
    for (let i = 0; i < 8; i++) {
      const [ra, rb, all] = await Promise.all([read(a.authorityId), read(b.authorityId), read()]);
      expect(ra).toEqual([{ authority_id: a.authorityId }]);
      expect(rb).toEqual([{ authority_id: b.authorityId }]);
      expect(all).toEqual(both);
    }
    // It is a named statement of the connection that ran it: this one finds itself there, once.
    const self = 'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1 AND name LIKE $2';
    expect(await reads.prepared<{ n: number }>(self, [self, 'cp\\_%'])).toEqual([{ n: 1 }]);
  });

  it("never runs inside someone else's transaction: an open transaction keeps its authority while reads of another run", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside: unknown[] = [];
    const transaction = inScope(b.authorityId, () =>
      db.transaction(async (manager) => {
        await manager.query('SELECT 1');
        await held;
        inside = await manager.query('SELECT DISTINCT authority_id FROM child');
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await inScope(a.authorityId, () => reads.query('SELECT DISTINCT authority_id FROM child'))).toEqual([
      { authority_id: a.authorityId },
    ]);
    release();
    await transaction;
    expect(inside).toEqual([{ authority_id: b.authorityId }]);
  });

  it("reports a statement's failure as TypeORM's QueryFailedError (the one error mapping), and the connection stays usable", async () => {
    const error = await inScope(a.authorityId, () => reads.query('SELECT 1 / $1::int AS x', [0])).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22012');
    expect(await inScope(a.authorityId, () => reads.query('SELECT 1 / $1::int AS x', [1]))).toEqual([{ x: 1 }]);
  });

  it("inside a bulk import's batch, a read joins the batch's transaction and sees its uncommitted writes", async () => {
    const name = `rp-batch-${Date.now()}`;
    const seen = await inBatch(db, async (manager) => {
      await manager.query('INSERT INTO team (authority_id, name) VALUES ($1, $2)', [a.authorityId, name]);
      return reads.query<{ name: string }>('SELECT name FROM team WHERE authority_id = $1 AND name = $2', [
        a.authorityId,
        name,
      ]);
    }).catch((e: unknown) => e);
    expect(seen).toEqual([{ name }]);
    // Rolled back with its batch, it is gone for everyone.
    await expect(
      inBatch(db, async (manager) => {
        await manager.query('INSERT INTO team (authority_id, name) VALUES ($1, $2)', [a.authorityId, `${name}-x`]);
        throw new Error('the batch fails');
      }),
    ).rejects.toThrow('the batch fails');
    expect(
      await reads.query('SELECT 1 FROM team WHERE authority_id = $1 AND name = $2', [a.authorityId, `${name}-x`]),
    ).toEqual([]);
  });
});
