import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DataSource, EntityManager } from 'typeorm';
import { STATE_MACHINES_DOC, stateMachinesMarkdown } from '../../scripts/state-diagrams';
import { Clock } from '../../src/clock/clock';
import { AuditRepository } from '../../src/audit/audit.repository';
import { AuditService } from '../../src/audit/audit.service';
import { DomainError } from '../../src/common/errors';
import { createDataSource } from '../../src/database/data-source';
import { actionFor, defineMachine, Machine, registeredMachines } from '../../src/workflow/machine';
import { loadMachineFiles } from '../../src/workflow/machine-files';
import { WorkflowService } from '../../src/workflow/workflow.service';
import { testDatabaseUrl, uniqueAuthority } from '../helpers/test-app';

// Every *.machine.ts under src/, so a machine added later is walked with no edit here.
const MACHINES = loadMachineFiles();

// Not registered (a plain object, not defineMachine): the engine's own cases must not depend on
// which domain machines exist, and it must not appear in docs/state-machines.md.
const PROBE: Machine = {
  entity: 'WorkflowProbe',
  table: 'wf_walk_probe',
  statuses: ['DRAFT', 'ACTIVE', 'DONE'],
  initial: 'DRAFT',
  transitions: {
    activate: { from: ['DRAFT'], to: 'ACTIVE' },
    finish: { from: ['ACTIVE'], to: 'DONE', action: 'PROBE_FINISHED' },
    touch: { from: ['ACTIVE'], to: 'ACTIVE' },
    cancel: { from: ['DRAFT', 'ACTIVE'], to: 'DONE' },
  },
};

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const walkTable = (m: Machine) => (m === PROBE ? PROBE.table : `wf_walk_${snake(m.entity)}`);

interface Row {
  id: string;
  status: string;
  version: number;
}

describe('workflow engine', () => {
  let ds: DataSource;
  let wf: WorkflowService;
  let audit: AuditService;
  let authorityId: string;
  let otherAuthorityId: string;
  const tables = new Set<string>();

  const newAuthority = async () => {
    const code = uniqueAuthority('wf');
    const [row] = await ds.query('INSERT INTO authority (code, name) VALUES ($1, $1) RETURNING id', [code]);
    await ds.query('INSERT INTO audit_chain_head (authority_id) VALUES ($1)', [row.id]);
    return row.id as string;
  };

  const scratchTable = async (m: Machine) => {
    const table = walkTable(m);
    await ds.query(`DROP TABLE IF EXISTS ${table}`);
    await ds.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, authority_id uuid NOT NULL, status text NOT NULL, version int NOT NULL DEFAULT 1,
      note text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`);
    tables.add(table);
    return table;
  };

  const insertRow = async (table: string, status: string, authority = authorityId) => {
    const id = randomUUID();
    await ds.query(`INSERT INTO ${table} (id, authority_id, status) VALUES ($1, $2, $3)`, [id, authority, status]);
    return id;
  };

  const readRow = async (table: string, id: string): Promise<Row> =>
    (await ds.query(`SELECT id, status, version FROM ${table} WHERE id = $1`, [id]))[0];
  const eventsFor = (id: string) =>
    ds.query('SELECT * FROM audit_event WHERE authority_id = $1 AND entity_id = $2 ORDER BY sequence', [
      authorityId,
      id,
    ]);

  const run = (
    m: Machine,
    table: string,
    cmd: { id: string; operation: string; expectedVersion?: number; authority?: string },
    extra: (manager: EntityManager) => Promise<void> = async () => {},
  ) =>
    ds.transaction(async (manager) => {
      const record = await wf.transition<Row>(
        manager,
        m,
        {
          id: cmd.id,
          authorityId: cmd.authority ?? authorityId,
          operation: cmd.operation,
          actorId: null,
          expectedVersion: cmd.expectedVersion,
        },
        table,
      );
      await extra(manager);
      return record;
    });

  const domainError = async (promise: Promise<unknown>): Promise<DomainError> => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof DomainError))
      throw new Error(`expected a DomainError, got ${error === null ? 'success' : String(error)}`);
    return error;
  };

  /** Every status × every operation: legal ones move the row and write one event; the rest are INVALID_TRANSITION. */
  const walk = async (m: Machine) => {
    const table = await scratchTable(m);
    for (const status of m.statuses) {
      for (const [operation, rule] of Object.entries(m.transitions)) {
        const id = await insertRow(table, status);
        const where = `${m.entity} ${status} --${operation}-->`;
        if (rule.from.includes(status)) {
          const record = await run(m, table, { id, operation });
          expect({ where, status: record.status, version: record.version }).toEqual({
            where,
            status: rule.to,
            version: 2,
          });
          expect(await readRow(table, id)).toEqual({ id, status: rule.to, version: 2 });
          const events = await eventsFor(id);
          expect({
            where,
            events: events.map((e: any) => [e.entity_type, e.action, e.from_status, e.to_status]),
          }).toEqual({ where, events: [[m.entity, actionFor(m, operation), status, rule.to]] });
        } else {
          const error = await domainError(run(m, table, { id, operation }));
          expect({ where, code: error.code, extensions: error.extensions }).toEqual({
            where,
            code: 'INVALID_TRANSITION',
            extensions: { from: status, operation },
          });
          expect(await readRow(table, id)).toEqual({ id, status, version: 1 });
          expect(await eventsFor(id)).toHaveLength(0);
        }
      }
    }
  };

  beforeAll(async () => {
    ds = createDataSource(testDatabaseUrl(), { poolSize: 25 });
    await ds.initialize();
    audit = new AuditService(new AuditRepository(ds), Clock.system());
    wf = new WorkflowService(audit);
    authorityId = await newAuthority();
    otherAuthorityId = await newAuthority();
  });

  afterAll(async () => {
    for (const table of tables) await ds.query(`DROP TABLE IF EXISTS ${table}`);
    await ds.destroy();
  });

  it('finds the machines declared in src/**/*.machine.ts, each consistent with itself', () => {
    for (const m of MACHINES) {
      expect(m.statuses).toContain(m.initial);
      expect(new Set(m.statuses).size).toBe(m.statuses.length);
      expect(Object.keys(m.transitions).length).toBeGreaterThan(0);
    }
  });

  it('defineMachine refuses a machine the engine could not run, without registering it', () => {
    const base = {
      entity: 'BrokenProbe',
      table: 'broken_probe',
      statuses: ['A', 'B'],
      initial: 'A',
      transitions: { go: { from: ['A'], to: 'B' } },
    };
    expect(() => defineMachine({ ...base, table: 'x; DROP TABLE y' })).toThrow(/plain identifier/);
    expect(() => defineMachine({ ...base, initial: 'C' })).toThrow(/initial status/);
    expect(() => defineMachine({ ...base, transitions: { go: { from: ['A'], to: 'Z' } } })).toThrow(/unknown status/);
    if (MACHINES[0]) expect(() => defineMachine({ ...base, entity: MACHINES[0].entity })).toThrow(/two machines/);
    expect(registeredMachines()).toEqual(MACHINES);
  });

  it.each([PROBE, ...MACHINES].map((m) => [m.entity, m] as const))(
    'walks every status × operation of %s',
    async (_entity, m) => {
      await walk(m);
    },
    120_000,
  );

  it("gives every machine's real table the columns the engine needs", async () => {
    const missing: string[] = [];
    for (const m of MACHINES) {
      const columns: { column_name: string }[] = await ds.query(
        'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
        [m.table],
      );
      const names = columns.map((c) => c.column_name);
      if (!names.length) {
        missing.push(`table ${m.table} (${m.entity}): no migration creates it`);
        continue;
      }
      for (const needed of ['id', 'authority_id', 'status', 'version', 'updated_at'])
        if (!names.includes(needed)) missing.push(`${m.table}.${needed} (${m.entity})`);
    }
    expect(missing).toEqual([]);
  });

  it('the audit chain stays valid after the walk', async () => {
    expect(await audit.verify(authorityId)).toMatchObject({ valid: true, firstInvalidSequence: null });
  });

  describe('guards', () => {
    let table: string;
    beforeAll(async () => {
      table = await scratchTable(PROBE);
    });

    it('a stale expectedVersion is CONFLICT; the current one succeeds', async () => {
      const id = await insertRow(table, 'DRAFT');
      await run(PROBE, table, { id, operation: 'activate', expectedVersion: 1 });
      const stale = await domainError(run(PROBE, table, { id, operation: 'touch', expectedVersion: 1 }));
      expect(stale.code).toBe('CONFLICT');
      expect(stale.extensions).toMatchObject({ currentVersion: 2 });
      expect((await run(PROBE, table, { id, operation: 'touch', expectedVersion: 2 })).version).toBe(3);
      expect(await readRow(table, id)).toMatchObject({ status: 'ACTIVE', version: 3 });
      expect(await eventsFor(id)).toHaveLength(2);
    });

    it('an unknown id is NOT_FOUND; so is a record of another authority, which is left untouched', async () => {
      expect((await domainError(run(PROBE, table, { id: randomUUID(), operation: 'activate' }))).code).toBe(
        'NOT_FOUND',
      );
      const theirs = await insertRow(table, 'DRAFT', otherAuthorityId);
      expect((await domainError(run(PROBE, table, { id: theirs, operation: 'activate' }))).code).toBe('NOT_FOUND');
      expect(await readRow(table, theirs)).toMatchObject({ status: 'DRAFT', version: 1 });
    });

    it('an unknown operation is a programming error, not a client error', async () => {
      const id = await insertRow(table, 'DRAFT');
      await expect(run(PROBE, table, { id, operation: 'explode' })).rejects.toThrow(/no operation explode/);
    });

    it('sets extra columns and enqueues notifications in the same transaction, and rolls all back with it', async () => {
      const id = await insertRow(table, 'DRAFT');
      const recipientId = randomUUID();
      const cmd = {
        id,
        authorityId,
        operation: 'activate',
        actorId: null,
        set: { note: 'started' },
        notify: [{ recipientId, topic: 'probe', payload: { id } }],
      };
      await expect(
        ds.transaction(async (m) => {
          await wf.transition(m, PROBE, cmd, table);
          throw new Error('caller failed after the transition');
        }),
      ).rejects.toThrow('caller failed');
      expect(await readRow(table, id)).toMatchObject({ status: 'DRAFT', version: 1 });
      expect(await eventsFor(id)).toHaveLength(0);
      expect(await ds.query('SELECT 1 FROM outbox_message WHERE recipient_id = $1', [recipientId])).toHaveLength(0);

      const record = await ds.transaction((m) => wf.transition<Row & { note: string }>(m, PROBE, cmd, table));
      expect(record).toMatchObject({ status: 'ACTIVE', note: 'started' });
      expect(
        await ds.query('SELECT topic, payload FROM outbox_message WHERE recipient_id = $1', [recipientId]),
      ).toEqual([{ topic: 'probe', payload: { id } }]);
      for (const column of ['note; DROP TABLE x', 'authority_id', 'status', 'version']) {
        await expect(
          ds.transaction((m) =>
            wf.transition(m, PROBE, { ...cmd, operation: 'finish', set: { [column]: otherAuthorityId } }, table),
          ),
        ).rejects.toThrow(/bad column/);
      }
      expect(await readRow(table, id)).toMatchObject({ status: 'ACTIVE', version: 2 });
    });

    it('enqueuingLast writes the outbox rows of many commands at the end, in order, in one statement per authority', async () => {
      const recipientId = randomUUID();
      const ids = [await insertRow(table, 'DRAFT'), await insertRow(table, 'DRAFT')];
      const statements: string[] = [];
      await ds.transaction(async (m) => {
        const query = m.query.bind(m);
        m.query = ((sql: string, params?: unknown[]) => (statements.push(sql), query(sql, params))) as typeof m.query;
        await wf.enqueuingLast(m, async () => {
          for (const [i, id] of ids.entries()) {
            await wf.transition(
              m,
              PROBE,
              {
                id,
                authorityId,
                operation: 'activate',
                actorId: null,
                notify: [{ recipientId, topic: `probe-${i}`, payload: { id, i } }],
              },
              table,
            );
            await wf.enqueue(m, otherAuthorityId, [{ recipientId, topic: `other-${i}`, payload: {} }]);
          }
          // Nothing written yet, and a nested call joins the outer one.
          await wf.enqueuingLast(m, () => wf.enqueue(m, authorityId, [{ recipientId, topic: 'nested', payload: {} }]));
          expect(statements.filter((s) => s.includes('outbox_message'))).toHaveLength(0);
        });
      });
      // In order; one statement for each run of one authority's rows.
      expect(statements.filter((s) => s.includes('outbox_message'))).toHaveLength(5);
      expect(
        await ds.query('SELECT authority_id, topic, payload FROM outbox_message WHERE recipient_id = $1 ORDER BY id', [
          recipientId,
        ]),
      ).toEqual([
        { authority_id: authorityId, topic: 'probe-0', payload: { id: ids[0], i: 0 } },
        { authority_id: otherAuthorityId, topic: 'other-0', payload: {} },
        { authority_id: authorityId, topic: 'probe-1', payload: { id: ids[1], i: 1 } },
        { authority_id: otherAuthorityId, topic: 'other-1', payload: {} },
        { authority_id: authorityId, topic: 'nested', payload: {} },
      ]);
      // Rolled back with the transaction, like the rows written one by one.
      const lost = randomUUID();
      await expect(
        ds.transaction((m) =>
          wf.enqueuingLast(m, async () => {
            await wf.enqueue(m, authorityId, [{ recipientId: lost, topic: 'lost', payload: {} }]);
            throw new Error('caller failed');
          }),
        ),
      ).rejects.toThrow('caller failed');
      expect(await ds.query('SELECT 1 FROM outbox_message WHERE recipient_id = $1', [lost])).toHaveLength(0);
    });
  });

  describe('concurrency', () => {
    let table: string;
    beforeAll(async () => {
      table = await scratchTable(PROBE);
    });

    it.each([
      ['without expectedVersion', undefined, ['INVALID_TRANSITION']],
      ['with expectedVersion', 1, ['CONFLICT', 'INVALID_TRANSITION']],
    ] as const)(
      '20 identical transitions at once %s: exactly one wins, the rest get a typed error',
      async (_label, expectedVersion, codes) => {
        const id = await insertRow(table, 'DRAFT');
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, () => run(PROBE, table, { id, operation: 'activate', expectedVersion })),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
        expect(won).toHaveLength(1);
        for (const reason of lost) {
          expect(reason).toBeInstanceOf(DomainError);
          expect(codes).toContain((reason as DomainError).code);
        }
        expect(await readRow(table, id)).toMatchObject({ status: 'ACTIVE', version: 2 });
        expect(await eventsFor(id)).toHaveLength(1);
        expect(await audit.verify(authorityId)).toMatchObject({ valid: true });
      },
    );
  });

  it('docs/state-machines.md is what `npm run diagrams` generates (run it after changing a machine)', () => {
    expect(readFileSync(STATE_MACHINES_DOC, 'utf8')).toBe(stateMachinesMarkdown(MACHINES));
  });
});
