import { addCalendarDays } from '../../src/calendar/working-calendar';
import { testToday } from '../helpers/test-clock';
import { AuthoritySettingsService } from '../../src/directory/authority-settings.service';
import { DeadlineSweepService } from '../../src/scheduler/deadline-sweep.service';
import { errorCode, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

const RAISE = 'mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id reference responseDueBy } }';
const ESC = `query($id: ID!) { escalation(id: $id) { status stage breached responseDueBy
  stages { stage outcome breached openedOn responseDueBy } history { action actor { id } reason } } }`;
const SWEEP = 'mutation { runDeadlineSweep { breachedStages autoEscalated overdueActions } }';
const INBOX = '{ myInbox { reason dueBy escalation { id } action { id overdue } } }';

describe('the deadline sweep', () => {
  let t: TestApp;
  let w: World;
  let child: string;
  let authorityId: string;
  const today = testToday();
  const longAgo = addCalendarDays(today, -30);

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'sweep');
    child = await w.child(w.teamA);
    [{ id: authorityId }] = await t.dataSource.query('SELECT id FROM authority WHERE code = $1', [w.authority]);
  });
  afterAll(() => t.close());

  const raise = async (extra: Record<string, unknown> = {}) =>
    (
      await ok(t, w.chair, RAISE, {
        i: { childId: child, concern: 'RISK_NOT_RECOGNISED', summary: 'Risk', raisedOn: longAgo, ...extra },
      })
    ).raiseEscalation;
  const setPolicy = async (policy: string) => {
    await t.dataSource.query('UPDATE authority SET breach_policy = $2 WHERE id = $1', [authorityId, policy]);
    t.app.get(AuthoritySettingsService).invalidate(authorityId);
  };

  it('is for admins only', async () => {
    expect(await errorCode(t, w.chair, SWEEP)).toBe('FORBIDDEN');
  });

  it('escalates each breach exactly once with sweeps racing, one audit event each', async () => {
    const escalations = await Promise.all([raise(), raise(), raise()]);
    const sweeper = t.app.get(DeadlineSweepService);
    const results = await Promise.all([
      ok(t, w.admin, SWEEP).then((r) => r.runDeadlineSweep),
      ok(t, w.admin, SWEEP).then((r) => r.runDeadlineSweep),
      sweeper.sweep(authorityId),
      sweeper.sweep(authorityId),
    ]);
    const sum = (k: 'breachedStages' | 'autoEscalated') => results.reduce((n, r) => n + r[k], 0);
    expect(sum('breachedStages')).toBe(3);
    expect(sum('autoEscalated')).toBe(3);
    for (const esc of escalations) {
      const e = (await ok(t, w.auditor, ESC, { id: esc.id })).escalation;
      expect(e).toMatchObject({ status: 'OPEN', stage: 2, breached: true });
      expect(e.stages).toEqual([
        expect.objectContaining({ stage: 1, outcome: 'BREACHED_ESCALATED', breached: true }),
        expect.objectContaining({ stage: 2, outcome: null, breached: false, openedOn: today }),
      ]);
      expect(e.responseDueBy > today).toBe(true);
      const breaches = e.history.filter((h: { action: string }) => h.action === 'ESCALATION_BREACH_ESCALATED');
      expect(breaches).toHaveLength(1);
      expect(breaches[0].actor).toBeNull();
    }
    expect((await ok(t, w.admin, SWEEP)).runDeadlineSweep).toEqual({
      breachedStages: 0,
      autoEscalated: 0,
      overdueActions: 0,
    });
  });

  // Every authority of the whole run's database is swept (hundreds, late in the suite): seconds, not
  // the default 30 s, on a loaded machine.
  it('covers every authority when run by the schedule', async () => {
    const esc = await raise();
    // Other files' authorities share the database, so the total is at least ours.
    expect((await t.app.get(DeadlineSweepService).sweepAll()).autoEscalated).toBeGreaterThanOrEqual(1);
    expect((await ok(t, w.auditor, ESC, { id: esc.id })).escalation.stage).toBe(2);
  }, 120_000);

  it('alerts the chair instead under ALERT_CHAIR, once', async () => {
    await setPolicy('ALERT_CHAIR');
    try {
      const esc = await raise();
      expect((await ok(t, w.admin, SWEEP)).runDeadlineSweep).toEqual({
        breachedStages: 1,
        autoEscalated: 0,
        overdueActions: 0,
      });
      expect((await ok(t, w.admin, SWEEP)).runDeadlineSweep.breachedStages).toBe(0);
      const e = (await ok(t, w.auditor, ESC, { id: esc.id })).escalation;
      expect(e).toMatchObject({ stage: 1, status: 'OPEN', breached: true });
      expect(e.history.map((h: { action: string }) => h.action)).toEqual([
        'ESCALATION_CREATED',
        'ESCALATION_STAGE_BREACHED',
      ]);
      const inbox = (await ok(t, w.chair, INBOX)).myInbox.filter(
        (i: { escalation: { id: string } | null }) => i.escalation?.id === esc.id,
      );
      expect(inbox).toEqual([
        expect.objectContaining({
          reason: expect.stringContaining('decide whether to escalate'),
          dueBy: esc.responseDueBy,
        }),
      ]);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM inbox_alert WHERE escalation_id = $1', [
        esc.id,
      ]);
      expect(n).toBe(1);
    } finally {
      await setPolicy('AUTO_ESCALATE');
    }
  });

  it('alerts the chair and the director when stage 4 is breached', async () => {
    const esc = await raise({ stage: 4 });
    expect((await ok(t, w.admin, SWEEP)).runDeadlineSweep).toMatchObject({ breachedStages: 1, autoEscalated: 0 });
    expect((await ok(t, w.auditor, ESC, { id: esc.id })).escalation).toMatchObject({
      stage: 4,
      status: 'OPEN',
      breached: true,
    });
    for (const who of [w.chair, w.director]) {
      const items = (await ok(t, who, INBOX)).myInbox.filter(
        (i: { escalation: { id: string } | null }) => i.escalation?.id === esc.id,
      );
      expect(items).toEqual([expect.objectContaining({ reason: expect.stringContaining('final stage') })]);
    }
  });

  it('alerts the owner of an overdue action once', async () => {
    const heldOn = addCalendarDays(today, -10);
    const conv = await ok(
      t,
      w.chair,
      'mutation($i: RecordConversationInput!) { recordConversation(input: $i) { actions { id overdue } } }',
      {
        i: {
          childId: child,
          withStaffId: w.teamA.socialWorker.id,
          heldOn,
          summary: 'Late visits',
          actions: [
            { description: 'Visit the child', ownerId: w.teamA.socialWorker.id, dueBy: addCalendarDays(today, -2) },
          ],
        },
      },
    );
    const action = conv.recordConversation.actions[0];
    expect(action.overdue).toBe(true);
    const [a, b] = await Promise.all([ok(t, w.admin, SWEEP), ok(t, w.admin, SWEEP)]);
    expect(a.runDeadlineSweep.overdueActions + b.runDeadlineSweep.overdueActions).toBe(1);
    const [{ n }] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM inbox_alert WHERE action_id = $1 AND kind = 'ACTION_OVERDUE'",
      [action.id],
    );
    expect(n).toBe(1);
    const mine = (await ok(t, w.teamA.socialWorker, INBOX)).myInbox.filter(
      (i: { action: { id: string } | null }) => i.action?.id === action.id,
    );
    expect(mine).toEqual([
      expect.objectContaining({
        reason: expect.stringContaining('Visit the child'),
        action: { id: action.id, overdue: true },
      }),
    ]);
  });
});
