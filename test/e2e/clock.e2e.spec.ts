import { errorCode, ok, startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// CLOCK_TODAY starts the service on a fixed day (issue 10): input rules ("not in the future"),
// `overdue` and the sweep all read that day, not the machine's. This suite runs on Monday
// 31 March 2025, a day long past, so the wall clock would accept every date below.
const TODAY = '2025-03-31';
const RECORD = `mutation($i: RecordConversationInput!) { recordConversation(input: $i) { id heldOn actions { dueBy overdue } } }`;

describe('the service on a fixed day (CLOCK_TODAY)', () => {
  let t: TestApp;
  let w: World;
  let child: string;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: TODAY });
    w = await buildWorld(t, 'clock');
    child = await w.child(w.teamA);
  });
  afterAll(() => t.close());

  const input = (heldOn: string, dueBy: string[] = []) => ({
    i: {
      childId: child,
      withStaffId: w.teamA.manager.id,
      heldOn,
      summary: 'Plan drifting',
      actions: dueBy.map((d) => ({ description: `due ${d}`, ownerId: w.teamA.socialWorker.id, dueBy: d })),
    },
  });

  it('refuses a date after its today, though the machine is past it', async () => {
    expect(await errorCode(t, w.chair, RECORD, input('2025-04-01'))).toBe('BAD_USER_INPUT');
    expect((await ok(t, w.chair, RECORD, input(TODAY))).recordConversation.heldOn).toBe(TODAY);
  });

  it('computes overdue against its today', async () => {
    const { actions } = (await ok(t, w.chair, RECORD, input('2025-03-28', ['2025-03-28', TODAY, '2025-04-01'])))
      .recordConversation;
    expect(actions).toEqual([
      { dueBy: '2025-03-28', overdue: true },
      { dueBy: TODAY, overdue: false },
      { dueBy: '2025-04-01', overdue: false },
    ]);
  });

  it('dates its audit events on its today', async () => {
    const { auditEvents } = await ok(t, w.auditor, '{ auditEvents(first: 1) { edges { node { at } } } }');
    expect(auditEvents.edges[0].node.at.slice(0, 10)).toBe(TODAY);
  });
});
