import { Role } from '../../src/auth/role';
import { buildWorld, World } from '../helpers/world';
import { errorCode, gql, ok, startTestApp, TestApp, uniqueAuthority } from '../helpers/test-app';
import { heldInitial, M } from './conferences.fixtures';

const fieldsOf = (res: { errors?: { extensions: Record<string, unknown> }[] }) =>
  (res.errors?.[0].extensions.fields as { field: string }[] | undefined)?.map((f) => f.field);

describe('conference rules: each validation with its error code', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'rules');
  });
  afterAll(() => t.close());

  const requested = async (childIds: string[], strategyDiscussionDate = '2026-06-01') =>
    (await ok(t, w.chair, M.requestInitial, { i: { childIds, strategyDiscussionDate } })).requestInitialConference;
  const scheduled = async (childIds: string[], strategyDiscussionDate = '2026-06-01', at = '2026-06-10T10:00:00Z') => {
    const c = await requested(childIds, strategyDiscussionDate);
    return (await ok(t, w.chair, M.schedule, { i: { conferenceId: c.id, scheduledFor: at } })).scheduleConference;
  };

  it('refuses a request for a future strategy discussion, children of two teams, or of another authority', async () => {
    const a = await w.child(w.teamA);
    const b = await w.child(w.teamB);
    expect(
      fieldsOf(await gql(t, w.chair, M.requestInitial, { i: { childIds: [a], strategyDiscussionDate: '2099-01-01' } })),
    ).toEqual(['strategyDiscussionDate']);
    expect(
      fieldsOf(await gql(t, w.chair, M.requestTransferIn, { i: { childIds: [a], transferNotifiedOn: '2099-01-01' } })),
    ).toEqual(['transferNotifiedOn']);
    expect(
      fieldsOf(
        await gql(t, w.chair, M.requestInitial, { i: { childIds: [a, b], strategyDiscussionDate: '2026-06-01' } }),
      ),
    ).toEqual(['childIds']);
    expect(
      fieldsOf(
        await gql(t, w.chair, M.requestInitial, { i: { childIds: [a, a], strategyDiscussionDate: '2026-06-01' } }),
      ),
    ).toEqual(['childIds']);
    expect(
      fieldsOf(await gql(t, w.chair, M.requestInitial, { i: { childIds: [], strategyDiscussionDate: '2026-06-01' } })),
    ).toEqual(['childIds']);
    const stranger = { sub: 'chair-x', roles: [Role.CHAIR], authority: uniqueAuthority('x') };
    expect(
      fieldsOf(
        await gql(t, stranger, M.requestInitial, { i: { childIds: [a], strategyDiscussionDate: '2026-06-01' } }),
      ),
    ).toEqual(['childIds']);
  });

  it('lets a child be in one open conference of a type at a time, also under concurrent requests', async () => {
    const a = await w.child(w.teamA);
    const first = await requested([a]);
    const again = await gql(t, w.chair, M.requestInitial, {
      i: { childIds: [a], strategyDiscussionDate: '2026-06-02' },
    });
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'childIds', message: expect.stringContaining(first.id) }],
    });
    // Another type is fine; so is a new ICPC once the first is cancelled.
    await ok(t, w.chair, M.requestTransferIn, { i: { childIds: [a], transferNotifiedOn: '2026-06-01' } });
    await ok(t, w.chair, M.cancel, { id: first.id, r: 'strategy discussion decided no s47' });
    await requested([a]);

    const b = await w.child(w.teamA);
    const racers = await Promise.all(
      Array.from({ length: 6 }, () =>
        gql(t, w.chair, M.requestInitial, { i: { childIds: [b], strategyDiscussionDate: '2026-06-01' } }),
      ),
    );
    expect(racers.filter((r) => !r.errors).length).toBe(1);
    expect(racers.filter((r) => r.errors).every((r) => r.errors![0].extensions.code === 'BAD_USER_INPUT')).toBe(true);
  });

  it('is idempotent with an Idempotency-Key', async () => {
    const a = await w.child(w.teamA);
    const input = { i: { childIds: [a], strategyDiscussionDate: '2026-06-01' } };
    const one = await ok(t, w.chair, M.requestInitial, input, { 'idempotency-key': 'icpc-1' });
    const two = await ok(t, w.chair, M.requestInitial, input, { 'idempotency-key': 'icpc-1' });
    expect(two.requestInitialConference.id).toBe(one.requestInitialConference.id);
  });

  it('cancels with a reason; a cancelled or held conference cannot be scheduled, held or cancelled again', async () => {
    const a = await w.child(w.teamA);
    const c = await scheduled([a]);
    expect(await errorCode(t, w.chair, M.cancel, { id: c.id, r: '   ' })).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.chair, M.cancel, { id: c.id, r: 'family moved', v: 1 })).toBe('CONFLICT');
    const cancelled = (await ok(t, w.chair, M.cancel, { id: c.id, r: 'family moved', v: 2 })).cancelConference;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', version: 3 });
    expect(cancelled.history.at(-1)).toEqual({
      action: 'CONFERENCE_CANCELLED',
      fromStatus: 'SCHEDULED',
      toStatus: 'CANCELLED',
      reason: 'family moved',
    });
    expect(await errorCode(t, w.chair, M.cancel, { id: c.id, r: 'again' })).toBe('INVALID_TRANSITION');
    expect(
      await errorCode(t, w.chair, M.schedule, { i: { conferenceId: c.id, scheduledFor: '2026-06-10T10:00:00Z' } }),
    ).toBe('INVALID_TRANSITION');
    const res = await gql(t, w.chair, M.hold, {
      i: { conferenceId: c.id, heldOn: '2026-06-10', outcomes: [{ childId: a, decision: 'NO_PLAN' }] },
    });
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'CANCELLED',
      operation: 'hold',
    });
    const req = await requested([a]);
    expect(
      await errorCode(t, w.chair, M.hold, {
        i: { conferenceId: req.id, heldOn: '2026-06-10', outcomes: [{ childId: a, decision: 'NO_PLAN' }] },
      }),
    ).toBe('INVALID_TRANSITION');
    expect(await errorCode(t, w.chair, M.cancel, { id: '7b0e1c52-39c4-4b8f-9a52-1f1c2f0f0c11', r: 'x' })).toBe(
      'NOT_FOUND',
    );
  });

  it('validates a held conference: dates, every child once, decisions that fit, category, active plans, delay reason', async () => {
    const a = await w.child(w.teamA);
    const b = await w.child(w.teamA);
    const other = await w.child(w.teamA);
    const c = await scheduled([a, b], '2026-06-01');
    const hold = (i: Record<string, unknown>) =>
      gql(t, w.chair, M.hold, {
        i: {
          conferenceId: c.id,
          heldOn: '2026-06-10',
          outcomes: [
            { childId: a, decision: 'NO_PLAN' },
            { childId: b, decision: 'NO_PLAN' },
          ],
          ...i,
        },
      });
    expect(fieldsOf(await hold({ heldOn: '2099-06-10' }))).toContain('heldOn');
    expect(fieldsOf(await hold({ heldOn: '2026-06-06' }))).toEqual(['heldOn']); // a Saturday
    expect(fieldsOf(await hold({ heldOn: '2026-05-29' }))).toEqual(['heldOn']); // before the strategy discussion
    // Due 2026-06-22 (15 working days after 1 June); held later without a reason.
    expect(fieldsOf(await hold({ heldOn: '2026-06-23' }))).toEqual(['delayReason']);
    expect(fieldsOf(await hold({ outcomes: [{ childId: a, decision: 'NO_PLAN' }] }))).toEqual(['outcomes']);
    expect(
      fieldsOf(
        await hold({
          outcomes: [
            { childId: a, decision: 'NO_PLAN' },
            { childId: b, decision: 'NO_PLAN' },
            { childId: other, decision: 'NO_PLAN' },
          ],
        }),
      ),
    ).toEqual(['outcomes.2.childId']);
    expect(
      fieldsOf(
        await hold({
          outcomes: [
            { childId: a, decision: 'NO_PLAN' },
            { childId: a, decision: 'NO_PLAN' },
          ],
        }),
      ),
    ).toEqual(['outcomes.1.childId', 'outcomes']);
    expect(
      fieldsOf(
        await hold({
          outcomes: [
            { childId: a, decision: 'PLAN_STARTED' },
            { childId: b, decision: 'PLAN_CONTINUED' },
          ],
        }),
      ),
    ).toEqual(['outcomes.0.category', 'outcomes.1.decision']);
    expect(
      fieldsOf(await hold({ participation: [{ childId: other, attended: true, viewsShared: 'IN_PERSON' }] })),
    ).toEqual(['participation.0.childId']);
    expect(
      fieldsOf(
        await hold({
          outcomes: [
            {
              childId: a,
              decision: 'NO_PLAN',
              actions: [{ description: 'x', ownerId: w.teamA.socialWorker.id, dueBy: '2026-07-01' }],
            },
            { childId: b, decision: 'NO_PLAN' },
          ],
        }),
      ),
    ).toEqual(['outcomes.0.actions']);
    // An action due before the day it was agreed is refused by the shared action mechanism, and nothing is written.
    const early = await hold({
      outcomes: [
        {
          childId: a,
          decision: 'PLAN_STARTED',
          category: 'NEGLECT',
          actions: [{ description: 'x', ownerId: w.teamA.socialWorker.id, dueBy: '2026-06-01' }],
        },
        { childId: b, decision: 'NO_PLAN' },
      ],
    });
    expect(fieldsOf(early)).toEqual(['outcomes.0.actions.0.dueBy']);
    expect((await ok(t, w.chair, M.conference, { id: c.id })).conference.status).toBe('SCHEDULED');

    // A child with an active plan cannot start another.
    const held = await heldInitial(t, w.chair, [other], '2026-06-01', '2026-06-10', [
      { childId: other, decision: 'PLAN_STARTED', category: 'SEXUAL_ABUSE' },
    ]);
    expect(held.outcomes[0].plan.status).toBe('ACTIVE');
    const second = await scheduled([other], '2026-06-11', '2026-06-15T10:00:00Z');
    const dup = await gql(t, w.chair, M.hold, {
      i: {
        conferenceId: second.id,
        heldOn: '2026-06-15',
        outcomes: [{ childId: other, decision: 'PLAN_STARTED', category: 'NEGLECT' }],
      },
    });
    expect(dup.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'outcomes.0.decision', message: expect.stringContaining('already has an active plan') }],
    });
    // The database refuses a second active plan too.
    await expect(
      t.dataSource.query(
        "INSERT INTO child_protection_plan (authority_id, child_id, initial_category, category, start_date, started_by_conference_id, last_conference_id) SELECT authority_id, child_id, 'NEGLECT', 'NEGLECT', '2026-06-15', $2, $2 FROM child_protection_plan WHERE child_id = $1",
        [other, second.id],
      ),
    ).rejects.toThrow(/UQ_child_protection_plan_active_child/);
    // The review it requested cannot be cancelled while the plan is active.
    const review = (await ok(t, w.chair, M.child, { id: other })).child.conferences.find(
      (x: { type: string }) => x.type === 'REVIEW',
    );
    expect(await errorCode(t, w.chair, M.cancel, { id: review.id, r: 'not needed' })).toBe('BAD_USER_INPUT');
    // A review must come after the plan started.
    await ok(t, w.chair, M.schedule, { i: { conferenceId: review.id, scheduledFor: '2026-06-10T15:00:00Z' } });
    expect(
      fieldsOf(
        await gql(t, w.chair, M.hold, {
          i: {
            conferenceId: review.id,
            heldOn: '2026-06-10',
            outcomes: [{ childId: other, decision: 'PLAN_CONTINUED' }],
          },
        }),
      ),
    ).toEqual(['heldOn']);
  });

  it('validates core group meetings: not before the plan, not in the future, only open actions of the plan', async () => {
    const a = await w.child(w.teamA);
    const held = await heldInitial(t, w.chair, [a], '2026-06-01', '2026-06-10', [
      { childId: a, decision: 'PLAN_STARTED', category: 'NEGLECT' },
    ]);
    const planId = held.outcomes[0].plan.id;
    const m = (
      await ok(t, w.teamA.socialWorker, M.scheduleMeeting, { i: { planId, scheduledFor: '2026-06-20T10:00:00Z' } })
    ).scheduleCoreGroupMeeting;
    // 10 working days after Wed 10 June 2026.
    expect(m.dueBy).toBe('2026-06-24');
    const rec = (i: Record<string, unknown>) =>
      gql(t, w.teamA.socialWorker, M.recordMeeting, { i: { meetingId: m.id, heldOn: '2026-06-22', ...i } });
    expect(fieldsOf(await rec({ heldOn: '2026-06-09' }))).toEqual(['heldOn']);
    expect(fieldsOf(await rec({ heldOn: '2099-01-01' }))).toEqual(['heldOn']);
    expect(
      fieldsOf(await rec({ progress: [{ actionId: '7b0e1c52-39c4-4b8f-9a52-1f1c2f0f0c11', progress: 'ON_TRACK' }] })),
    ).toEqual(['progress.0.actionId']);
    expect(
      await errorCode(t, w.teamA.socialWorker, M.recordMeeting, {
        i: { meetingId: m.id, heldOn: '2026-06-22', expectedVersion: 7 },
      }),
    ).toBe('CONFLICT');
    // Held late: past its due date, which is drift for the chair.
    const late = (await rec({ heldOn: '2026-06-26' })).data!.recordCoreGroupMeeting;
    expect(late).toMatchObject({ status: 'HELD', withinTimescale: false });
    expect(
      await errorCode(t, w.teamA.socialWorker, M.recordMeeting, { i: { meetingId: m.id, heldOn: '2026-06-26' } }),
    ).toBe('INVALID_TRANSITION');
    const alerts = await t.dataSource.query(
      'SELECT kind, dedupe_key FROM inbox_alert WHERE recipient_id = $1 AND dedupe_key LIKE $2',
      [w.chair.id, `plan-drift:${planId}:core-group:%`],
    );
    expect(alerts.map((r: { dedupe_key: string }) => r.dedupe_key)).toContain(
      `plan-drift:${planId}:core-group:2026-06-24`,
    );
    const next = (
      await ok(t, w.teamA.socialWorker, M.scheduleMeeting, { i: { planId, scheduledFor: '2026-07-20T10:00:00Z' } })
    ).scheduleCoreGroupMeeting;
    expect(next.dueBy).toBe('2026-07-24');
    const cancelled = await ok(
      t,
      w.teamA.socialWorker,
      'mutation($id: ID!) { cancelCoreGroupMeeting(meetingId: $id, reason: "family unwell") { status } }',
      { id: next.id },
    );
    expect(cancelled.cancelCoreGroupMeeting.status).toBe('CANCELLED');
  });
});
