import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../../src/audit/audit.repository';
import { AuditService } from '../../src/audit/audit.service';
import { Clock } from '../../src/clock/clock';
import { DomainError } from '../../src/common/errors';
import { createDataSource } from '../../src/database/data-source';
import { UpdateCommand, Versioned, WorkflowService } from '../../src/workflow/workflow.service';
import { testDatabaseUrl, uniqueAuthority } from '../helpers/test-app';

// WorkflowService.update (issue 11) against a real PostgreSQL, with no HTTP: the versioned change
// that is not a transition. A scratch table of its own, so no domain machine is assumed.
const PROBE: Versioned = { entity: 'UpdateProbe', table: 'wf_update_probe' };

describe('WorkflowService.update', () => {
  let ds: DataSource;
  let wf: WorkflowService;
  let authorityId: string;
  let otherAuthorityId: string;

  const newAuthority = async () => {
    const [row]: { id: string }[] = await ds.query('INSERT INTO authority (code, name) VALUES ($1, $1) RETURNING id', [
      uniqueAuthority('wfu'),
    ]);
    return row.id;
  };
  const insertRow = async () => {
    const id = randomUUID();
    // updated_at in the past, so that the update's now() is seen to move it.
    await ds.query(
      `INSERT INTO ${PROBE.table} (id, authority_id, status, updated_at) VALUES ($1, $2, 'OPEN', now() - interval '1 day')`,
      [id, authorityId],
    );
    return id;
  };
  const readRow = async (id: string): Promise<{ version: number; due_by: string | null; moved: boolean }> =>
    (
      await ds.query(
        `SELECT version, due_by::text, updated_at > now() - interval '1 hour' AS moved FROM ${PROBE.table} WHERE id = $1`,
        [id],
      )
    )[0];
  const eventsFor = (
    id: string,
  ): Promise<
    {
      action: string;
      actor_id: string | null;
      from_status: string | null;
      to_status: string | null;
      reason: string | null;
      details: unknown;
    }[]
  > =>
    ds.query(
      'SELECT action, actor_id, from_status, to_status, reason, details FROM audit_event WHERE entity_id = $1 ORDER BY sequence',
      [id],
    );
  const update = (cmd: Omit<UpdateCommand, 'authorityId'> & { authorityId?: string }) =>
    ds.transaction((manager) => wf.update(manager, PROBE, { authorityId, ...cmd }));
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'OK',
      (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
    );

  beforeAll(async () => {
    ds = createDataSource(testDatabaseUrl(), { poolSize: 5 });
    await ds.initialize();
    wf = new WorkflowService(new AuditService(new AuditRepository(ds), Clock.system()));
    await ds.query(`DROP TABLE IF EXISTS ${PROBE.table}`);
    await ds.query(`CREATE TABLE ${PROBE.table} (id uuid PRIMARY KEY, authority_id uuid NOT NULL, status text NOT NULL, version int NOT NULL DEFAULT 1,
      due_by date, updated_at timestamptz NOT NULL DEFAULT now())`);
    authorityId = await newAuthority();
    otherAuthorityId = await newAuthority();
  });

  afterAll(async () => {
    await ds.query(`DROP TABLE IF EXISTS ${PROBE.table}`);
    await ds.destroy();
  });

  it('sets the columns, bumps version and updated_at, and appends the audit event in the same transaction', async () => {
    const id = await insertRow();
    const row = await update({
      id,
      set: { due_by: '2027-01-15' },
      expectedVersion: 1,
      audit: { actorId: null, action: 'PROBE_DUE_DATE_MOVED', reason: 'birth', details: { to: '2027-01-15' } },
    });
    expect(row.version).toBe(2);
    expect(await readRow(id)).toEqual({ version: 2, due_by: '2027-01-15', moved: true });
    expect(await eventsFor(id)).toEqual([
      {
        action: 'PROBE_DUE_DATE_MOVED',
        actor_id: null,
        from_status: null,
        to_status: null,
        reason: 'birth',
        details: { to: '2027-01-15' },
      },
    ]);
  });

  it('records the unchanged status as from and to when asked (a breach is not a transition)', async () => {
    const id = await insertRow();
    await update({ id, audit: { actorId: null, action: 'PROBE_FLAGGED', withStatus: true } });
    expect((await eventsFor(id)).map((e) => [e.action, e.from_status, e.to_status])).toEqual([
      ['PROBE_FLAGGED', 'OPEN', 'OPEN'],
    ]);
  });

  it("a stale version is CONFLICT and changes nothing; another authority's record and a missing one are NOT_FOUND", async () => {
    const id = await insertRow();
    expect(
      await codeOf(
        update({ id, set: { due_by: '2027-02-01' }, expectedVersion: 7, audit: { actorId: null, action: 'X' } }),
      ),
    ).toBe('CONFLICT');
    expect(await codeOf(update({ id, authorityId: otherAuthorityId, audit: { actorId: null, action: 'X' } }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(update({ id: randomUUID(), audit: { actorId: null, action: 'X' } }))).toBe('NOT_FOUND');
    expect(await readRow(id)).toEqual({ version: 1, due_by: null, moved: false });
    expect(await eventsFor(id)).toEqual([]);
  });

  it("refuses to set the engine's own columns", async () => {
    const id = await insertRow();
    for (const column of ['version', 'status', 'authority_id', 'id', 'updated_at', 'due_by; DROP TABLE x']) {
      await expect(update({ id, set: { [column]: 'x' }, audit: false })).rejects.toThrow(/bad column/);
    }
    expect((await readRow(id)).version).toBe(1);
  });

  it('audit: false leaves the event to the caller (the automatic escalation after a breach)', async () => {
    const id = await insertRow();
    await update({ id, audit: false });
    expect((await readRow(id)).version).toBe(2);
    expect(await eventsFor(id)).toEqual([]);
  });
});
