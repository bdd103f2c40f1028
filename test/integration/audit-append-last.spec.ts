import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/clock/clock';
import { AuditRecord, AuditRepository } from '../../src/audit/audit.repository';
import { AuditService } from '../../src/audit/audit.service';
import { AuditTree } from '../../src/audit/audit-tree';
import { leafHash, rootOfFrontier, verifyInclusion } from '../../src/audit/merkle';
import { createDataSource } from '../../src/database/data-source';
import { testDatabaseUrl, uniqueAuthority } from '../helpers/test-app';

/** Issue 13: a command's events are written at its end (the head lock taken last), and the tree grows with them. */
describe('audit events written last in a command, and the Merkle tree beside them', () => {
  let ds: DataSource;
  let audit: AuditService;
  let tree: AuditTree;
  const newAuthority = async (): Promise<string> => {
    const code = uniqueAuthority('last');
    return (await ds.query('INSERT INTO authority (code, name) VALUES ($1, $1) RETURNING id', [code]))[0].id;
  };
  const entry = (authorityId: string, i: number) => ({
    authorityId,
    actorId: null,
    entityType: 'Probe',
    entityId: randomUUID(),
    action: 'PROBE_RECORDED',
    details: { i },
  });
  const count = async (authorityId: string) =>
    Number((await ds.query('SELECT count(*) AS n FROM audit_event WHERE authority_id = $1', [authorityId]))[0].n);

  beforeAll(async () => {
    ds = createDataSource(testDatabaseUrl(), { poolSize: 20 });
    await ds.initialize();
    const repository = new AuditRepository(ds);
    audit = new AuditService(repository, Clock.system());
    tree = new AuditTree(ds, repository);
  });
  afterAll(() => ds.destroy());

  it('writes nothing (and takes no lock) until the command returns, then every event in order, its row filled in', async () => {
    const authorityId = await newAuthority();
    let seenDuring = -1;
    let rows: AuditRecord[] = [];
    await ds.transaction((m) =>
      audit.appendingLast(m, async () => {
        rows = [await audit.append(m, entry(authorityId, 1)), await audit.append(m, entry(authorityId, 2))];
        seenDuring = Number(
          (await m.query('SELECT count(*) AS n FROM audit_event WHERE authority_id = $1', [authorityId]))[0].n,
        );
        const locked = await m.query('SELECT 1 FROM audit_chain_head WHERE authority_id = $1', [authorityId]);
        expect(locked).toEqual([]);
      }),
    );
    expect(seenDuring).toBe(0);
    expect(rows.map((r) => [r.sequence, r.details])).toEqual([
      [1, { i: 1 }],
      [2, { i: 2 }],
    ]);
    expect(await count(authorityId)).toBe(2);
  });

  it("writes a command's events with two statements, whether it has one event or several: the head lock, then one write", async () => {
    const authorityId = await newAuthority();
    await ds.transaction((m) => audit.append(m, entry(authorityId, 0)));
    const statementsWriting = async (events: number): Promise<string[]> => {
      const sql: string[] = [];
      await ds.transaction((m) =>
        audit.appendingLast(m, async () => {
          for (let i = 0; i < events; i++) await audit.append(m, entry(authorityId, i));
          const query = m.queryRunner!.query.bind(m.queryRunner);
          jest.spyOn(m.queryRunner!, 'query').mockImplementation((text: string, ...rest: unknown[]) => {
            if (!/^(COMMIT|ROLLBACK)/.test(text)) sql.push(text.replace(/\s+/g, ' '));
            return (query as (t: string, ...r: unknown[]) => Promise<unknown>)(text, ...rest);
          });
        }),
      );
      return sql;
    };
    const expected = [
      expect.stringMatching(/^SELECT .* FROM audit_chain_head .* FOR UPDATE$/),
      expect.stringMatching(/^WITH event AS \( INSERT INTO audit_event .* UPDATE audit_chain_head /),
    ];
    expect(await statementsWriting(1)).toEqual(expected);
    expect(await statementsWriting(3)).toEqual(expected);
    expect(await audit.verify(authorityId)).toEqual({ valid: true, eventsChecked: 5, firstInvalidSequence: null });
  });

  it('writes nothing when the command fails', async () => {
    const authorityId = await newAuthority();
    await expect(
      ds.transaction((m) =>
        audit.appendingLast(m, async () => {
          await audit.append(m, entry(authorityId, 1));
          throw new Error('the change is refused');
        }),
      ),
    ).rejects.toThrow('the change is refused');
    expect(await count(authorityId)).toBe(0);
  });

  it('30 concurrent commands give a gapless chain and a tree whose stored nodes prove every event', async () => {
    const authorityId = await newAuthority();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        ds.transaction((m) =>
          audit.appendingLast(m, async () => {
            await audit.append(m, entry(authorityId, i));
            await audit.append(m, entry(authorityId, i + 100));
          }),
        ),
      ),
    );
    expect(await audit.verify(authorityId)).toEqual({ valid: true, eventsChecked: 60, firstInvalidSequence: null });
    const head = await tree.head(authorityId);
    expect(head.size).toBe(60);
    const [{ frontier }] = await ds.query('SELECT frontier FROM audit_chain_head WHERE authority_id = $1', [
      authorityId,
    ]);
    expect(await tree.root(authorityId, 60)).toBe(rootOfFrontier(frontier));
    const events: { sequence: number; hash: string }[] = await ds.query(
      'SELECT sequence, hash FROM audit_event WHERE authority_id = $1 ORDER BY sequence',
      [authorityId],
    );
    for (const e of events) {
      const proof = await tree.inclusionProof(authorityId, e.sequence, 60);
      expect(proof.leafHash).toBe(leafHash(e.hash));
      expect(verifyInclusion(e.sequence - 1, 60, proof.leafHash, proof.path, head.root)).toBe(true);
    }
  });
});
