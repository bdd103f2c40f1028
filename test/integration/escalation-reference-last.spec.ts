import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { EscalationRepository } from '../../src/escalations/escalation.repository';
import { EscalationService } from '../../src/escalations/escalation.service';
import { buildLadder, Ladder } from '../helpers/builders/escalations';
import { startTestApp, TestApp } from '../helpers/test-app';
import { testToday } from '../helpers/test-clock';

/**
 * Issue 17 (17a's finding): raiseEscalation held the authority's reference counter row from its first
 * statements to commit, so one authority's raises queued on it for the whole command. The reference
 * is now allocated as late as the statements that name it allow: after every read and the escalation's
 * and stage's inserts, only the notice that names it, the audit append and COMMIT follow. References
 * stay gap-free and per authority-year.
 */
describe('raiseEscalation allocates its reference last', () => {
  let t: TestApp;
  let w: Ladder;
  let service: EscalationService;
  let repo: EscalationRepository;
  let child: string;
  const today = testToday();
  const raise = (summary = 'Visits overdue') =>
    service.raise(w.chair, { childId: child, concern: 'VISITS_OVERDUE', summary, raisedOn: today }, null);

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildLadder(t.app, 'esc-ref-last');
    service = t.app.get(EscalationService);
    repo = t.app.get(EscalationRepository);
    child = await w.child(w.teamA);
  });
  afterAll(() => t.close());

  it('takes the counter after every read and insert of the command: only the notice, the audit append and COMMIT follow', async () => {
    const statements: string[] = [];
    const original = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (
      this: PostgresQueryRunner,
      ...args: Parameters<PostgresQueryRunner['query']>
    ) {
      statements.push(args[0].replace(/\s+/g, ' ').trim());
      return original.apply(this, args);
    });
    let id: string;
    try {
      id = await raise();
    } finally {
      spy.mockRestore();
    }
    const counter = statements.findIndex((s) => s.includes('escalation_reference_counter'));
    expect(counter).toBeGreaterThan(0);
    const before = statements.slice(0, counter);
    const after = statements.slice(counter + 1);
    expect(before.some((s) => s.startsWith('INSERT INTO escalation ('))).toBe(true);
    expect(before.some((s) => s.startsWith('INSERT INTO escalation_stage'))).toBe(true);
    // Under the counter's lock: the stage-opened notice (outbox), the audit append, the commit. No reads.
    const allowed = [/^WITH queued AS \(INSERT INTO outbox_message/, /audit/i, /^COMMIT$/];
    expect(after.filter((s) => !allowed.some((re) => re.test(s)))).toEqual([]);
    expect(after[after.length - 1]).toBe('COMMIT');
    const esc = await repo.find(w.authorityId, id!);
    expect(esc!.reference).toMatch(new RegExp(`^ESC-${today.slice(0, 4)}-\\d{4}$`));
  });

  it('numbers concurrent raises of one authority without gaps or twins, and the audit event and notice name the final reference', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => raise(`Concurrent ${i}`)));
    const refs = (await repo.findMany(w.authorityId, ids)).map((e) => e.reference);
    const numbers = refs.map((r) => Number(r.split('-')[2])).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers[11] - numbers[0]).toBe(11);
    expect(refs.every((r) => !r.startsWith('PENDING'))).toBe(true);
    const [audited]: { details: string | { reference: string } }[] = await t.dataSource.query(
      "SELECT details FROM audit_event WHERE entity_id = $1 AND action = 'ESCALATION_CREATED'",
      [ids[0]],
    );
    const details =
      typeof audited.details === 'string' ? (JSON.parse(audited.details) as { reference: string }) : audited.details;
    const [esc] = await repo.findMany(w.authorityId, [ids[0]]);
    expect(details.reference).toBe(esc.reference);
    const notices: { reason: string }[] = await t.dataSource.query(
      "SELECT payload->>'reason' AS reason FROM outbox_message WHERE payload->>'escalationId' = $1",
      [ids[0]],
    );
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((n) => n.reason.startsWith(`${esc.reference}:`))).toBe(true);
  });
});
