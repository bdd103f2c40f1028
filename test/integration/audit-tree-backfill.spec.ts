import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AnchoredAudit1796000000013 } from '../../migrations/1796000000013-AnchoredAudit';
import { Clock } from '../../src/clock/clock';
import { AuditRepository } from '../../src/audit/audit.repository';
import { AuditService } from '../../src/audit/audit.service';
import { createDataSource } from '../../src/database/data-source';
import { testDatabaseUrl, uniqueAuthority } from '../helpers/test-app';

/** Issue 13's migration builds the Merkle tree of the events logged before it existed. */
describe('the AnchoredAudit migration backfills the tree of existing events', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = createDataSource(testDatabaseUrl(), { poolSize: 4 });
    await ds.initialize();
  });
  afterAll(() => ds.destroy());

  it('rebuilds exactly the nodes and frontier that appending wrote', async () => {
    const code = uniqueAuthority('backfill');
    const [{ id: authorityId }] = await ds.query('INSERT INTO authority (code, name) VALUES ($1, $1) RETURNING id', [
      code,
    ]);
    const audit = new AuditService(new AuditRepository(ds), Clock.system());
    for (let i = 0; i < 37; i++) {
      await ds.transaction((m) =>
        audit.append(m, {
          authorityId,
          actorId: null,
          entityType: 'Probe',
          entityId: randomUUID(),
          action: 'PROBE_RECORDED',
          details: { i },
        }),
      );
    }
    const snapshot = async () => ({
      nodes: await ds.query(
        'SELECT level, node_index, hash FROM audit_merkle_node WHERE authority_id = $1 ORDER BY level, node_index',
        [authorityId],
      ),
      head: await ds.query('SELECT frontier FROM audit_chain_head WHERE authority_id = $1', [authorityId]),
    });
    const appended = await snapshot();
    expect(appended.nodes).toHaveLength(37 + 18 + 9 + 4 + 2 + 1);

    // This authority as it was before the migration: events, and a head without a tree.
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL session_replication_role = replica');
      await runner.query('DELETE FROM audit_merkle_node WHERE authority_id = $1', [authorityId]);
      await runner.query("UPDATE audit_chain_head SET frontier = '{}' WHERE authority_id = $1", [authorityId]);
      // Only this authority is rebuilt: the others in the shared test database keep their trees.
      await runner.query(
        'CREATE TEMP TABLE other_heads ON COMMIT DROP AS SELECT authority_id FROM audit_chain_head WHERE authority_id <> $1 AND last_sequence > 0',
        [authorityId],
      );
      await runner.query(
        'UPDATE audit_chain_head SET last_sequence = -last_sequence WHERE authority_id IN (SELECT authority_id FROM other_heads)',
      );
      await (new AnchoredAudit1796000000013() as unknown as { backfill(r: typeof runner): Promise<void> }).backfill(
        runner,
      );
      await runner.query(
        'UPDATE audit_chain_head SET last_sequence = -last_sequence WHERE authority_id IN (SELECT authority_id FROM other_heads)',
      );
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await snapshot()).toEqual(appended);
  });
});
