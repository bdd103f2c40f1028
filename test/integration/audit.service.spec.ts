import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { auditHash } from '../../src/audit/audit-hash';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints';
import { AuditHistory } from '../../src/audit/audit-history';
import { AuditTree } from '../../src/audit/audit-tree';
import { AuditRepository } from '../../src/audit/audit.repository';
import { AuditService } from '../../src/audit/audit.service';
import { leafHash, rootOfFrontier, verifyInclusion } from '../../src/audit/merkle';
import { AuditWorld, buildAuditTrail } from '../helpers/builders/audit';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * Issue 11, one owner per table: the audit trail's tables are read and written only by
 * AuditRepository. The services (AuditService, AuditHistory, AuditTree, AuditCheckpoints) against
 * the real PostgreSQL, no HTTP; every read is scoped to the authority.
 */
describe('the audit trail through AuditRepository (service tier)', () => {
  let t: TestApp;
  let db: DataSource;
  let repository: AuditRepository;
  let a: AuditWorld;
  let b: AuditWorld;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.dataSource;
    repository = t.app.get(AuditRepository);
    a = await buildAuditTrail(t.app, 'aud-a');
    b = await buildAuditTrail(t.app, 'aud-b');
  }, 60_000);
  afterAll(() => t.close());

  it('a command logs its events in order; what append returned is what the repository reads back, and it hashes to its hash', async () => {
    const entityId = randomUUID();
    const before = (await a.events()).length;
    const written = await a.command([
      {
        actorId: a.auditor.staffId,
        entityType: 'Probe',
        entityId,
        action: 'PROBE_OPENED',
        toStatus: 'OPEN',
        details: { n: 1 },
      },
      {
        actorId: null,
        entityType: 'Probe',
        entityId,
        action: 'PROBE_CLOSED',
        fromStatus: 'OPEN',
        toStatus: 'CLOSED',
        reason: 'done',
      },
    ]);
    const chain = await a.events();
    expect(chain.slice(before)).toEqual(written);
    expect(
      written.map((e) => [e.sequence, e.action, e.actorId, e.fromStatus, e.toStatus, e.reason, e.details]),
    ).toEqual([
      [before + 1, 'PROBE_OPENED', a.auditor.staffId, null, 'OPEN', null, { n: 1 }],
      [before + 2, 'PROBE_CLOSED', null, 'OPEN', 'CLOSED', 'done', null],
    ]);
    expect(written[1].previousHash).toBe(written[0].hash);
    for (const e of chain) expect(auditHash(e)).toBe(e.hash);
    expect(await repository.head(db, a.authorityId)).toEqual({
      lastSequence: before + 2,
      lastHash: written[1].hash,
      frontier: expect.any(Array),
    });
    expect(await repository.headSize(db.manager, a.authorityId)).toBe(before + 2);
    expect(await t.app.get(AuditService).verify(a.authorityId)).toEqual({
      valid: true,
      eventsChecked: before + 2,
      firstInvalidSequence: null,
    });
  });

  it("history and the log page read only the authority's own events, filtered and after a sequence", async () => {
    const shared = randomUUID();
    await a.command([{ actorId: a.auditor.staffId, entityType: 'Probe', entityId: shared, action: 'IN_A' }]);
    await b.command([{ actorId: b.auditor.staffId, entityType: 'Probe', entityId: shared, action: 'IN_B' }]);
    const other = randomUUID();
    await a.command([
      { actorId: null, entityType: 'Probe', entityId: other, action: 'OTHER_1' },
      { actorId: null, entityType: 'Probe', entityId: other, action: 'OTHER_2' },
    ]);
    const history = t.app.get(AuditHistory);
    const ctx = { user: { authorityId: a.authorityId } };
    const [ofShared, ofOther] = await Promise.all([history.of(ctx, 'Probe', shared), history.of(ctx, 'Probe', other)]);
    expect(ofShared.map((e) => e.action)).toEqual(['IN_A']);
    expect(ofOther.map((e) => e.action)).toEqual(['OTHER_1', 'OTHER_2']);
    expect((await history.of({ user: { authorityId: b.authorityId } }, 'Probe', shared)).map((e) => e.action)).toEqual([
      'IN_B',
    ]);
    const page = await history.page(a.authorityId, { entityId: other }, null, 10);
    expect(page.map((e) => e.action)).toEqual(['OTHER_1', 'OTHER_2']);
    expect((await history.page(a.authorityId, { entityId: other }, page[0].sequence, 10)).map((e) => e.action)).toEqual(
      ['OTHER_2'],
    );
    expect(
      (await history.page(a.authorityId, { actorId: a.auditor.staffId, entityId: shared }, null, 10)).map(
        (e) => e.action,
      ),
    ).toEqual(['IN_A']);
    expect(await history.page(b.authorityId, { entityId: other }, null, 10)).toEqual([]);
  });

  it('the tree reads its head and stored nodes through the repository, and they prove every event', async () => {
    const chain = await a.events();
    const tree = t.app.get(AuditTree);
    const head = await tree.head(a.authorityId);
    const stored = (await repository.head(db, a.authorityId))!;
    expect(head).toEqual({
      size: chain.length,
      root: rootOfFrontier(stored.frontier),
      lastHash: chain[chain.length - 1].hash,
    });
    expect(await tree.root(a.authorityId, chain.length)).toBe(head.root);
    for (const e of chain) {
      const proof = await tree.inclusionProof(a.authorityId, e.sequence, chain.length);
      expect(proof.leafHash).toBe(leafHash(e.hash));
      expect(verifyInclusion(e.sequence - 1, chain.length, proof.leafHash, proof.path, head.root)).toBe(true);
    }
    expect(
      await repository.nodes(db, a.authorityId, [
        { level: 0, index: 0 },
        { level: 30, index: 0 },
      ]),
    ).toEqual([{ level: 0, index: 0, hash: leafHash(chain[0].hash) }]);
    expect(await repository.head(db, randomUUID())).toBeNull();
  });

  it('checkpoints are kept, listed in order, due only when the log grew, and verify against the log', async () => {
    const checkpoints = t.app.get(AuditCheckpoints);
    const first = await checkpoints.sign(a.authorityId, a.code);
    expect(await repository.checkpoints(a.authorityId, a.code)).toEqual([first]);
    expect((await repository.dueForCheckpoint()).map((d) => d.id)).not.toContain(a.authorityId);
    await a.command([{ actorId: null, entityType: 'Probe', entityId: randomUUID(), action: 'GREW' }]);
    expect(await repository.dueForCheckpoint()).toContainEqual({ id: a.authorityId, code: a.code });
    const second = await checkpoints.sign(a.authorityId, a.code);
    expect(second.treeSize).toBe(first.treeSize + 1);
    expect(await repository.checkpoints(a.authorityId, a.code)).toEqual([first, second]);
    expect(await repository.checkpoints(b.authorityId, b.code)).toEqual([]);
    expect(
      await repository.snapshot((m) => repository.checkpointsUpTo(m, a.authorityId, a.code, first.treeSize)),
    ).toEqual([first]);
    expect(await checkpoints.verifyAgainst(a.auditor, first)).toEqual({
      valid: true,
      eventsChecked: second.treeSize,
      firstInvalidSequence: null,
    });
  });
});
