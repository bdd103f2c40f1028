import { writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { AUTHORITIES_WITH_OVERDUE_ACTIONS_SQL, DUE_ACTIONS_SQL } from '../../src/actions/action.repository';
import { AUTHORITIES_WITH_DUE_STAGES_SQL, DUE_STAGES_SQL } from '../../src/escalations/escalation.repository';
import { testDatabaseUrl, uniqueAuthority } from '../helpers/test-app';

const CLOSED = 20_000;
// 'today' for the plans: after the seeded due dates, so that exactly the 5 + 5 planted items are due.
const TODAY = '2026-06-01';

/** The sweep's cost follows the due items, not the tables: its queries read the partial indexes. */
describe('the deadline sweep query plans', () => {
  let ds: DataSource;
  let authorityId: string;

  beforeAll(async () => {
    ds = createDataSource(testDatabaseUrl(), { poolSize: 2 });
    await ds.initialize();
    [{ id: authorityId }] = await ds.query("INSERT INTO authority (code, name) VALUES ($1, 'Plan test') RETURNING id", [
      uniqueAuthority('plan'),
    ]);
    const [staff] = await ds.query(
      "INSERT INTO staff_member (authority_id, subject, name, roles) VALUES ($1, 'tm', 'tm', '{TEAM_MANAGER}') RETURNING id",
      [authorityId],
    );
    const [team] = await ds.query(
      "INSERT INTO team (authority_id, name, manager_id) VALUES ($1, 'T', $2) RETURNING id",
      [authorityId, staff.id],
    );
    const [child] = await ds.query(
      "INSERT INTO child (authority_id, case_reference, name, date_of_birth, team_id) VALUES ($1, 'C1', 'C', '2015-01-01', $2) RETURNING id",
      [authorityId, team.id],
    );
    // Many settled records (closed stages, completed actions) and a handful that are due.
    await ds.query(
      `INSERT INTO escalation (authority_id, reference, child_id, raised_by_id, raised_on, concern, summary, status, stage, response_due_by)
       SELECT $1, 'ESC-P-' || g, $2, $3, DATE '2026-01-05' + (g % 100), 'OTHER', 's', CASE WHEN g <= $4 THEN 'RESOLVED' ELSE 'OPEN' END, 1, DATE '2026-01-10' + (g % 100)
       FROM generate_series(1, $4 + 5) g`,
      [authorityId, child.id, staff.id, CLOSED],
    );
    await ds.query(
      `INSERT INTO escalation_stage (authority_id, escalation_id, stage, assigned_role, assigned_to, opened_on, response_due_by, responded_at, outcome)
       SELECT authority_id, id, 1, 'TEAM_MANAGER', $2, raised_on, response_due_by, CASE WHEN status = 'RESOLVED' THEN now() END, CASE WHEN status = 'RESOLVED' THEN 'RESOLVED' END
       FROM escalation WHERE authority_id = $1`,
      [authorityId, staff.id],
    );
    await ds.query(
      `INSERT INTO action (authority_id, source, subject_type, subject_id, child_id, description, owner_id, agreed_on, due_by, status)
       SELECT $1, 'CONVERSATION', 'Conversation', gen_random_uuid(), $2, 'a', $3, DATE '2026-01-01', DATE '2026-01-10' + (g % 100), CASE WHEN g <= $4 THEN 'COMPLETED' ELSE 'OPEN' END
       FROM generate_series(1, $4 + 5) g`,
      [authorityId, child.id, staff.id, CLOSED],
    );
    // Open actions that are not the sweep's business: already alerted, or not yet due.
    await ds.query(
      `INSERT INTO action (authority_id, source, subject_type, subject_id, child_id, description, owner_id, agreed_on, due_by, overdue_alerted)
       SELECT $1, 'CONVERSATION', 'Conversation', gen_random_uuid(), $2, 'a', $3, DATE '2026-01-01', CASE WHEN g % 2 = 0 THEN DATE '2026-02-01' ELSE DATE '2026-09-01' END, g % 2 = 0
       FROM generate_series(1, $4) g`,
      [authorityId, child.id, staff.id, CLOSED],
    );
    await ds.query('ANALYZE escalation_stage');
    await ds.query('ANALYZE action');
  }, 60_000);

  afterAll(() => ds?.destroy());

  const explain = async (sql: string, params: unknown[]) => {
    const runner = ds.createQueryRunner();
    try {
      await runner.startTransaction(); // EXPLAIN ANALYZE of the UPDATE really runs it: roll it back
      const rows: { 'QUERY PLAN': string }[] = await runner.query(
        `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) ${sql}`,
        params,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  };

  it('reads only the partial indexes of due stages and due actions', async () => {
    const stages = await explain(DUE_STAGES_SQL, [authorityId, TODAY, 200]);
    const actions = await explain(DUE_ACTIONS_SQL, [authorityId, TODAY, 200]);
    // The sweep asks each owner which authorities have due items (issue 11): one query per owner.
    const authoritiesWithStages = await explain(AUTHORITIES_WITH_DUE_STAGES_SQL, [TODAY]);
    const authoritiesWithActions = await explain(AUTHORITIES_WITH_OVERDUE_ACTIONS_SQL, [TODAY]);
    writeFileSync(
      process.env.SWEEP_EXPLAIN_OUT ?? '/tmp/sweep-explain.txt',
      `-- due stages\n${stages}\n\n-- overdue actions (claim)\n${actions}\n\n-- authorities with due stages\n${authoritiesWithStages}\n\n-- authorities with overdue actions\n${authoritiesWithActions}\n`,
    );
    expect(stages).toContain('IDX_escalation_stage_due');
    expect(actions).toContain('IDX_action_overdue_due');
    expect(authoritiesWithStages).toContain('IDX_escalation_stage_due');
    expect(authoritiesWithActions).toContain('IDX_action_overdue_due');
    expect(stages).not.toMatch(/Seq Scan/);
    expect(actions).not.toMatch(/Seq Scan on action/);
  });
});
