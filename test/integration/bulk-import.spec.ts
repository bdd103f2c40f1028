import { DataSource } from 'typeorm';
import { AuditTree } from '../../src/audit/audit-tree';
import { AuditService } from '../../src/audit/audit.service';
import { addCalendarDays, englandAndWales as cal } from '../../src/calendar/working-calendar';
import { rootOfFrontier } from '../../src/audit/merkle';
import { buildCast, Cast } from '../../src/dev/demo-cast';
import { DemoClient } from '../../src/dev/demo-client';
import { ImportService } from '../../src/import/import.service';
import { startTestApp, TEST_SECRET, TestApp, uniqueAuthority } from '../helpers/test-app';
import { testToday } from '../helpers/test-clock';

/**
 * Issue 17: the bulk import (docs/import.md) through the domain services, in batched
 * transactions, against the real PostgreSQL; what it wrote is read back through the API.
 */
describe("bulk import of an authority's records from JSON Lines", () => {
  let t: TestApp;
  let ds: DataSource;
  let importer: ImportService;
  let client: DemoClient;
  let cast: Cast;
  let authorityId: string;
  const today = testToday();
  const wd = (n: number) => cal.addWorkingDays(today, -n);

  const count = async (table: string) =>
    Number((await ds.query(`SELECT count(*) AS n FROM ${table} WHERE authority_id = $1`, [authorityId]))[0].n);
  const head = async () =>
    Number(
      (await ds.query('SELECT last_sequence FROM audit_chain_head WHERE authority_id = $1', [authorityId]))[0]
        .last_sequence,
    );
  const idOf = async (type: string, ref: string) =>
    (
      await ds.query(
        'SELECT entity_id FROM import_reference WHERE authority_id = $1 AND record_type = $2 AND external_ref = $3',
        [authorityId, type, ref],
      )
    )[0]?.entity_id as string | undefined;
  const run = (lines: (object | string)[], batchLines?: number) =>
    importer.importLines(
      lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))),
      { authority: cast.authority, actor: cast.admin.subject, batchLines },
    );

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    importer = ImportService.from(t.app);
    client = new DemoClient(t.app, TEST_SECRET);
    cast = await buildCast(client, uniqueAuthority('import'), 2);
    authorityId = (await ds.query('SELECT id FROM authority WHERE code = $1', [cast.authority]))[0].id;
  }, 60_000);
  afterAll(() => t?.close());

  const team = () => cast.teams[0];
  const chair = () => cast.chairs[0].subject;
  const goodFile = () => [
    {
      type: 'child',
      ref: 'C-1',
      name: 'Amelia Hughes',
      dateOfBirth: addCalendarDays(today, -9 * 365),
      team: team().name,
      socialWorker: team().socialWorkers[0].subject,
    },
    {
      type: 'child',
      ref: 'C-2',
      caseReference: 'OLD-000002',
      name: 'Noah Hughes',
      dateOfBirth: addCalendarDays(today, -6 * 365),
      team: team().name,
    },
    {
      type: 'child',
      ref: 'C-3',
      name: 'Baby Begum',
      expectedDateOfBirth: addCalendarDays(today, 60),
      team: team().name,
    },
    '',
    {
      type: 'plan',
      ref: 'P-1',
      child: 'C-1',
      category: 'NEGLECT',
      strategyDiscussionDate: wd(40),
      startDate: wd(28),
      chair: chair(),
    },
    {
      type: 'conference',
      ref: 'ICPC-2',
      kind: 'INITIAL',
      children: ['C-2'],
      clockStart: wd(30),
      chair: chair(),
      scheduledFor: `${wd(17)}T10:00:00Z`,
      held: {
        heldOn: wd(17),
        outcomes: [{ child: 'C-2', decision: 'NO_PLAN' }],
        participation: [{ child: 'C-2', attended: true, viewsShared: 'IN_PERSON' }],
      },
    },
    { type: 'conference', ref: 'ICPC-3', kind: 'INITIAL', children: ['C-3'], clockStart: wd(3), chair: chair() },
    {
      type: 'escalation',
      ref: 'E-1',
      child: 'C-1',
      raisedBy: chair(),
      raisedOn: wd(2),
      concern: 'PLAN_NOT_PROGRESSING',
      summary: 'The plan is not progressing.',
    },
    {
      type: 'escalation',
      ref: 'E-2',
      child: 'C-2',
      raisedBy: chair(),
      raisedOn: wd(1),
      stage: 2,
      concern: 'VISITS_OVERDUE',
      summary: 'Visits are overdue.',
    },
  ];

  it('imports a good file through the services: the records read back through the API, and the audit chain verifies', async () => {
    const before = await head();
    const report = await run(goodFile());
    expect(report).toMatchObject({
      lines: 9,
      batches: 1,
      failedBatches: 0,
      imported: 8,
      alreadyImported: 0,
      notWritten: 0,
      problems: [],
    });

    const admin = cast.admin;
    const c1 = await idOf('child', 'C-1');
    const { child } = await client.gql(
      admin,
      'query($id: ID!) { child(id: $id) { caseReference conferences { type status } } }',
      { id: c1 },
    );
    // The plan's initial conference was held; holding it requested the first review.
    expect(child.caseReference).toBe('C-1');
    expect(child.conferences.map((c: { type: string; status: string }) => `${c.type}:${c.status}`).sort()).toEqual([
      'INITIAL:HELD',
      'REVIEW:REQUESTED',
    ]);
    const plan = await client.gql(
      admin,
      'query($id: ID!) { childProtectionPlan(id: $id) { status category startDate child { id } } }',
      { id: await idOf('plan', 'P-1') },
    );
    expect(plan.childProtectionPlan).toEqual({
      status: 'ACTIVE',
      category: 'NEGLECT',
      startDate: wd(28),
      child: { id: c1 },
    });
    const c2 = await client.gql(admin, 'query($id: ID!) { child(id: $id) { caseReference } }', {
      id: await idOf('child', 'C-2'),
    });
    expect(c2.child.caseReference).toBe('OLD-000002');
    const open = await client.gql(admin, 'query($id: ID!) { conference(id: $id) { status type } }', {
      id: await idOf('conference', 'ICPC-3'),
    });
    expect(open.conference).toEqual({ status: 'REQUESTED', type: 'INITIAL' });
    const held = await client.gql(admin, 'query($id: ID!) { conference(id: $id) { status heldOn } }', {
      id: await idOf('conference', 'ICPC-2'),
    });
    expect(held.conference).toEqual({ status: 'HELD', heldOn: wd(17) });
    const e2 = await client.gql(admin, 'query($id: ID!) { escalation(id: $id) { status stage child { id } } }', {
      id: await idOf('escalation', 'E-2'),
    });
    expect(e2.escalation).toMatchObject({ status: 'OPEN', stage: 2 });
    // The services' notifications are in the outbox as through the API (written at the batch's end).
    const outbox: { conference_id: string | null; escalation_id: string | null }[] = await ds.query(
      "SELECT payload->>'conferenceId' AS conference_id, payload->>'escalationId' AS escalation_id FROM outbox_message WHERE authority_id = $1 AND topic = 'INBOX'",
      [authorityId],
    );
    expect(outbox.map((o) => o.conference_id)).toContain(await idOf('conference', 'ICPC-2'));
    expect(outbox.map((o) => o.escalation_id)).toContain(await idOf('escalation', 'E-2'));

    // Every change audited, in one chain that verifies, with a Merkle tree that matches its head.
    const after = await head();
    expect(after - before).toBeGreaterThan(8);
    const audit = t.app.get(AuditService);
    expect(await audit.verify(authorityId)).toEqual({ valid: true, eventsChecked: after, firstInvalidSequence: null });
    const { verifyAuditChain } = await client.gql(cast.auditor, '{ verifyAuditChain { valid eventsChecked } }');
    expect(verifyAuditChain).toEqual({ valid: true, eventsChecked: after });
    const [{ frontier }] = await ds.query('SELECT frontier FROM audit_chain_head WHERE authority_id = $1', [
      authorityId,
    ]);
    expect(await t.app.get(AuditTree).root(authorityId, after)).toBe(rootOfFrontier(frontier));
  }, 60_000);

  it('re-importing the same file writes nothing new', async () => {
    const before = {
      events: await head(),
      children: await count('child'),
      conferences: await count('conference'),
      escalations: await count('escalation'),
    };
    const report = await run(goodFile());
    expect(report).toMatchObject({ lines: 9, imported: 0, alreadyImported: 8, problems: [] });
    expect({
      events: await head(),
      children: await count('child'),
      conferences: await count('conference'),
      escalations: await count('escalation'),
    }).toEqual(before);
  });

  it('a bad line is reported with its number and reason, and nothing of its batch is written', async () => {
    const before = { events: await head(), children: await count('child'), refs: await count('import_reference') };
    const child = (ref: string) => ({
      type: 'child',
      ref,
      name: 'Isla Nowak',
      dateOfBirth: addCalendarDays(today, -3000),
      team: team().name,
    });

    // A line that fails its own checks (a date after the Clock's today): the batch is not even started.
    const future = await run([
      child('B-1'),
      child('B-2'),
      { ...child('B-3'), dateOfBirth: addCalendarDays(today, 1) },
      child('B-4'),
    ]);
    expect(future.problems).toEqual([{ line: 3, reason: 'dateOfBirth must not be in the future' }]);
    expect(future).toMatchObject({ batches: 1, failedBatches: 1, imported: 0, notWritten: 4 });

    // A line the services refuse after earlier lines of its batch were applied: all rolled back.
    const refused = await run([
      child('B-1'),
      child('B-2'),
      { ...child('B-3'), caseReference: 'OLD-000002' },
      child('B-4'),
    ]);
    expect(refused.problems).toEqual([
      { line: 3, reason: expect.stringMatching(/^BAD_USER_INPUT: .*caseReference is already registered/) },
    ]);
    expect(refused).toMatchObject({ failedBatches: 1, imported: 0 });

    // A reference to a child the file never imported, and a value the API's validation refuses.
    const unresolvable = await run([
      child('B-1'),
      {
        type: 'escalation',
        ref: 'E-9',
        child: 'NOPE',
        raisedBy: chair(),
        raisedOn: wd(1),
        concern: 'OTHER',
        summary: 'x',
      },
    ]);
    expect(unresolvable.problems).toEqual([
      { line: 2, reason: 'child: no child line with ref NOPE was imported (earlier in this file or before)' },
    ]);
    const invalid = await run([
      child('B-1'),
      {
        type: 'escalation',
        ref: 'E-9',
        child: 'C-1',
        raisedBy: chair(),
        raisedOn: wd(1),
        concern: 'BORED',
        summary: 'x',
      },
    ]);
    expect(invalid.problems).toEqual([{ line: 2, reason: expect.stringMatching(/^BAD_USER_INPUT: .*concern/) }]);
    const notJson = await run([child('B-1'), '{"type": "child", ']);
    expect(notJson.problems).toEqual([{ line: 2, reason: 'not valid JSON' }]);
    expect({ events: await head(), children: await count('child'), refs: await count('import_reference') }).toEqual(
      before,
    );

    // Batches of two lines: the first batch commits, the second (with line 3) writes nothing, the third commits.
    const batched = await run(
      [child('B-1'), child('B-2'), { ...child('B-3'), caseReference: 'OLD-000002' }, child('B-4'), child('B-5')],
      2,
    );
    expect(batched).toMatchObject({
      batches: 3,
      failedBatches: 1,
      imported: 3,
      notWritten: 2,
      problems: [{ line: 3, reason: expect.stringMatching(/caseReference is already registered/) }],
    });
    expect(await Promise.all(['B-1', 'B-2', 'B-3', 'B-4', 'B-5'].map(async (r) => !!(await idOf('child', r))))).toEqual(
      [true, true, false, false, true],
    );
    expect(await count('child')).toBe(before.children + 3);
    expect(await t.app.get(AuditService).verify(authorityId)).toMatchObject({ valid: true });
  });

  it('checks who may: a line acted by someone without the role is refused', async () => {
    const report = await run([
      {
        type: 'escalation',
        ref: 'E-3',
        child: 'C-1',
        raisedBy: team().socialWorkers[0].subject,
        raisedOn: wd(1),
        concern: 'OTHER',
        summary: 'Raised by a social worker',
      },
    ]);
    expect(report.problems).toEqual([
      { line: 1, reason: 'raisedBy: the staff member may not raiseEscalation (needs CHAIR)' },
    ]);
    expect(await idOf('escalation', 'E-3')).toBeUndefined();
  });
});
