import { buildWorld, World } from '../helpers/world';
import { errorCode, gql, ok, startTestApp, TestApp } from '../helpers/test-app';
import { heldInitial, M } from './conferences.fixtures';

/**
 * Issue 14: the pre-birth review interval and the transfer-in clock start are authority settings
 * (DOMAIN.md, "Statutory timescales"), changed by ADMIN, audited, and applied to conferences
 * requested afterwards only.
 *
 * Every date below is in August and September 2026, before the test day (2026-11-26, or any CI day
 * after it). England's bank holiday in that range: Monday 31 August 2026 (summer bank holiday).
 * Working days count by our convention: the start day never counts.
 */
const SETTINGS =
  '{ authorityProcedureSettings { preBirthReviewWorkingDays transferInClockStart history { action details } } }';
const UPDATE = `mutation($i: UpdateAuthorityProcedureSettingsInput!) {
  updateAuthorityProcedureSettings(input: $i) { preBirthReviewWorkingDays transferInClockStart history { action reason details } } }`;
const TRANSFER = `mutation($i: RequestTransferInConferenceInput!) {
  requestTransferInConference(input: $i) { id dueBy clockStart transferNotifiedOn referralAcceptedOn transferInClockStart history { action details } } }`;
const CONF =
  'query($id: ID!) { conference(id: $id) { id dueBy clockStart transferNotifiedOn referralAcceptedOn transferInClockStart } }';
const REVIEW_OF =
  'query($c: ID!) { conferences(filter: { childId: $c, type: REVIEW }) { edges { node { id dueBy history { action details } } } } }';
const BIRTH = 'mutation($id: ID!, $d: Date!) { recordBirth(childId: $id, dateOfBirth: $d) { id } }';

describe('authority procedure settings: pre-birth review interval and transfer-in clock start (issue 14)', () => {
  let t: TestApp;
  let w: World;
  // Requested before the change of settings.
  let unbornBefore: string;
  let icpcBefore: string;
  let transferBefore: string;
  // Requested after the first change (REFERRAL_ACCEPTED), scheduled for Thu 2026-08-20.
  let transferAfter: { id: string; child: string };

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'procs');
  });
  afterAll(() => t.close());

  it('reads the defaults (10 working days after the birth; the notification starts the transfer-in clock) for every staff role, with no history', async () => {
    for (const who of [w.admin, w.chair, w.auditor, w.teamA.socialWorker, w.teamA.manager]) {
      expect((await ok(t, who, SETTINGS)).authorityProcedureSettings).toEqual({
        preBirthReviewWorkingDays: 10,
        transferInClockStart: 'NOTIFICATION',
        history: [],
      });
    }
  });

  it('under the defaults, a transfer-in conference is due 15 working days after the notification; referralAcceptedOn is optional and recorded', async () => {
    // Notified Mon 2026-08-03: Aug 4-7 (4), 10-14 (9), 17-21 (14), Mon 24 (15).
    const child = await w.child(w.teamB);
    const conf = (
      await ok(t, w.chair, TRANSFER, {
        i: { childIds: [child], transferNotifiedOn: '2026-08-03', referralAcceptedOn: '2026-08-10' },
      })
    ).requestTransferInConference;
    expect(conf).toMatchObject({
      dueBy: '2026-08-24',
      clockStart: '2026-08-03',
      transferNotifiedOn: '2026-08-03',
      referralAcceptedOn: '2026-08-10',
      transferInClockStart: 'NOTIFICATION',
    });
    expect(conf.history[0]).toMatchObject({
      action: 'CONFERENCE_CREATED',
      details: {
        transferInClockStart: 'NOTIFICATION',
        referralAcceptedOn: '2026-08-10',
        preBirthReviewWorkingDays: 10,
      },
    });
    transferBefore = conf.id;

    const other = await w.child(w.teamB);
    const without = (await ok(t, w.chair, TRANSFER, { i: { childIds: [other], transferNotifiedOn: '2026-08-03' } }))
      .requestTransferInConference;
    expect(without).toMatchObject({
      dueBy: '2026-08-24',
      clockStart: '2026-08-03',
      referralAcceptedOn: null,
      transferInClockStart: 'NOTIFICATION',
    });

    // Even where it is optional, a referral accepted before the move was notified, or in the future, is refused.
    const early = await gql(t, w.chair, TRANSFER, {
      i: { childIds: [await w.child(w.teamB)], transferNotifiedOn: '2026-08-03', referralAcceptedOn: '2026-07-31' },
    });
    expect(early.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'referralAcceptedOn', message: expect.stringContaining('2026-08-03') }],
    });
    const future = await gql(t, w.chair, TRANSFER, {
      i: { childIds: [await w.child(w.teamB)], transferNotifiedOn: '2026-08-03', referralAcceptedOn: '2199-01-05' },
    });
    expect(future.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'referralAcceptedOn', message: 'must not be in the future' }],
    });
  });

  it('an ICPC for an unborn child is requested under the default interval (held later, after the change)', async () => {
    unbornBefore = await w.child(w.teamA, { expectedDateOfBirth: '2026-08-28' });
    icpcBefore = (
      await ok(t, w.chair, M.requestInitial, { i: { childIds: [unbornBefore], strategyDiscussionDate: '2026-08-03' } })
    ).requestInitialConference.id;
  });

  it('refuses the change to anyone but ADMIN (FORBIDDEN)', async () => {
    for (const who of [w.chair, w.auditor, w.teamA.manager, w.director, w.teamA.socialWorker]) {
      expect(await errorCode(t, who, UPDATE, { i: { preBirthReviewWorkingDays: 20 } })).toBe('FORBIDDEN');
    }
  });

  it('refuses bad values with the field named, and changes nothing', async () => {
    for (const days of [0, -1, 66]) {
      const res = await gql(t, w.admin, UPDATE, { i: { preBirthReviewWorkingDays: days } });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'preBirthReviewWorkingDays', message: expect.stringContaining('from 1 to 65') }],
      });
    }
    expect((await gql(t, w.admin, UPDATE, { i: {} })).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input' }],
    });
    // Not a whole number, not a clock start: refused by the schema itself.
    expect(await errorCode(t, w.admin, UPDATE, { i: { preBirthReviewWorkingDays: 2.5 } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.admin, UPDATE, { i: { transferInClockStart: 'WHEN_CONVENIENT' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect((await ok(t, w.admin, SETTINGS)).authorityProcedureSettings).toMatchObject({
      preBirthReviewWorkingDays: 10,
      transferInClockStart: 'NOTIFICATION',
      history: [],
    });
  });

  it('ADMIN changes both, idempotently, and the change (from and to) is in the audit history', async () => {
    const key = { 'idempotency-key': 'procedures-2026-08' };
    const input = { i: { preBirthReviewWorkingDays: 20, transferInClockStart: 'REFERRAL_ACCEPTED' } };
    const changed = (await ok(t, w.admin, UPDATE, input, key)).updateAuthorityProcedureSettings;
    expect(changed).toMatchObject({ preBirthReviewWorkingDays: 20, transferInClockStart: 'REFERRAL_ACCEPTED' });
    const change = {
      action: 'AUTHORITY_PROCEDURE_SETTINGS_CHANGED',
      details: {
        preBirthReviewWorkingDays: { from: 10, to: 20 },
        transferInClockStart: { from: 'NOTIFICATION', to: 'REFERRAL_ACCEPTED' },
      },
    };
    expect(changed.history).toEqual([{ ...change, reason: 'applies to conferences requested from now on' }]);
    // The same request with the same key: the first result, no second event; another request with it: CONFLICT.
    expect((await ok(t, w.admin, UPDATE, input, key)).updateAuthorityProcedureSettings.history).toHaveLength(1);
    expect(await errorCode(t, w.admin, UPDATE, { i: { preBirthReviewWorkingDays: 15 } }, key)).toBe('CONFLICT');
    // Setting a value it already has records nothing.
    expect(
      (await ok(t, w.admin, UPDATE, { i: { preBirthReviewWorkingDays: 20 } })).updateAuthorityProcedureSettings.history,
    ).toHaveLength(1);

    // The auditor finds it in the authority's trail, with who did it.
    const admin = (await ok(t, w.admin, '{ me { id } }')).me.id;
    const trail = await ok(
      t,
      w.auditor,
      '{ auditEvents(filter: { entityType: "Authority" }) { edges { node { action details actor { id } } } } }',
    );
    const changes = trail.auditEvents.edges
      .map((e: { node: { action: string } }) => e.node)
      .filter((n: { action: string }) => n.action === change.action);
    expect(changes).toEqual([{ ...change, actor: { id: admin } }]);
    expect((await ok(t, w.chair, SETTINGS)).authorityProcedureSettings).toMatchObject({
      preBirthReviewWorkingDays: 20,
      transferInClockStart: 'REFERRAL_ACCEPTED',
    });
  });

  it('a transfer-in conference requested before the change keeps its due date; one requested after counts from the referral, which is then required', async () => {
    expect((await ok(t, w.chair, CONF, { id: transferBefore })).conference).toMatchObject({
      dueBy: '2026-08-24',
      clockStart: '2026-08-03',
      referralAcceptedOn: '2026-08-10',
      transferInClockStart: 'NOTIFICATION',
    });

    const child = await w.child(w.teamB);
    const missing = await gql(t, w.chair, TRANSFER, { i: { childIds: [child], transferNotifiedOn: '2026-08-03' } });
    expect(missing.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'referralAcceptedOn', message: expect.stringContaining('is required') }],
    });

    // Notified Mon 2026-08-03, referral accepted Mon 2026-08-10: Aug 11-14 (4), 17-21 (9), 24-28 (14),
    // Mon 31 Aug is the summer bank holiday, so Tue 2026-09-01 (15).
    const conf = (
      await ok(t, w.chair, TRANSFER, {
        i: { childIds: [child], transferNotifiedOn: '2026-08-03', referralAcceptedOn: '2026-08-10' },
      })
    ).requestTransferInConference;
    expect(conf).toMatchObject({
      dueBy: '2026-09-01',
      clockStart: '2026-08-10',
      transferNotifiedOn: '2026-08-03',
      referralAcceptedOn: '2026-08-10',
      transferInClockStart: 'REFERRAL_ACCEPTED',
    });
    expect(conf.history[0].details).toMatchObject({
      clockStart: '2026-08-10',
      dueBy: '2026-09-01',
      transferInClockStart: 'REFERRAL_ACCEPTED',
      preBirthReviewWorkingDays: 20,
    });

    // Its clock starts at the referral: it cannot be held before it.
    await ok(t, w.chair, M.schedule, { i: { conferenceId: conf.id, scheduledFor: '2026-08-20T10:00:00Z' } });
    const early = await gql(t, w.chair, M.hold, {
      i: { conferenceId: conf.id, heldOn: '2026-08-07', outcomes: [{ childId: child, decision: 'NO_PLAN' }] },
    });
    expect(early.errors?.[0].extensions.fields).toContainEqual({
      field: 'heldOn',
      message: "must not be before the referral's acceptance, 2026-08-10",
    });
    transferAfter = { id: conf.id, child };
  });

  it('the first review after a birth keeps the interval its ICPC was requested under; an ICPC requested after the change uses the new one', async () => {
    const unbornAfter = await w.child(w.teamA, { expectedDateOfBirth: '2026-08-28' });
    // Both ICPCs held Fri 2026-08-14, both children unborn: first review 3 months on, 2026-11-14.
    const held = (conferenceId: string, childId: string) =>
      ok(t, w.chair, M.schedule, { i: { conferenceId, scheduledFor: '2026-08-14T10:00:00Z' } }).then(() =>
        ok(t, w.chair, M.hold, {
          i: {
            conferenceId,
            heldOn: '2026-08-14',
            outcomes: [{ childId, decision: 'PLAN_STARTED', category: 'NEGLECT' }],
          },
        }),
      );
    await held(icpcBefore, unbornBefore);
    const after = await heldInitial(t, w.chair, [unbornAfter], '2026-08-03', '2026-08-14', [
      { childId: unbornAfter, decision: 'PLAN_STARTED', category: 'NEGLECT' },
    ]);
    expect(after.outcomes[0].plan.nextReviewDueBy).toBe('2026-11-14');
    expect((await ok(t, w.chair, REVIEW_OF, { c: unbornBefore })).conferences.edges[0].node.dueBy).toBe('2026-11-14');

    // Both born Mon 2026-08-24.
    for (const id of [unbornBefore, unbornAfter]) await ok(t, w.teamA.socialWorker, BIRTH, { id, d: '2026-08-24' });
    // Requested before the change, 10 working days: Aug 25-28 (4), Mon 31 Aug bank holiday, Sep 1-4 (8), Mon 7 (9), Tue 2026-09-08 (10).
    const before = (await ok(t, w.chair, REVIEW_OF, { c: unbornBefore })).conferences.edges[0].node;
    expect(before.dueBy).toBe('2026-09-08');
    expect(before.history[1]).toMatchObject({
      action: 'CONFERENCE_DUE_DATE_RECOMPUTED',
      details: { from: '2026-11-14', to: '2026-09-08', workingDaysAfterBirth: 10 },
    });
    // Requested after the change, 20 working days: ... Tue Sep 8 (10), Sep 9-11 (13), 14-18 (18), Mon 21 (19), Tue 2026-09-22 (20).
    const afterReview = (await ok(t, w.chair, REVIEW_OF, { c: unbornAfter })).conferences.edges[0].node;
    expect(afterReview.dueBy).toBe('2026-09-22');
    expect(afterReview.history[1].details).toMatchObject({
      from: '2026-11-14',
      to: '2026-09-22',
      workingDaysAfterBirth: 20,
    });
  });

  it('a later change moves no existing date, nor the rules of a conference reconvened after it', async () => {
    await ok(t, w.admin, UPDATE, { i: { preBirthReviewWorkingDays: 5, transferInClockStart: 'NOTIFICATION' } });
    expect((await ok(t, w.chair, CONF, { id: transferBefore })).conference.dueBy).toBe('2026-08-24');
    expect((await ok(t, w.chair, REVIEW_OF, { c: unbornBefore })).conferences.edges[0].node.dueBy).toBe('2026-09-08');
    // Held inquorate on Thu 2026-08-20 after the change back to NOTIFICATION: its replacement keeps the rules it was
    // requested under, due 10 working days later: Aug 21 (1), 24-28 (6), Mon 31 Aug bank holiday, Sep 1-3 (9), Fri 2026-09-04 (10).
    const attendance = ['CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH'].map((agency) => ({
      agency,
      attended: agency !== 'HEALTH',
      reportReceived: null,
    }));
    const inquorate = await ok(
      t,
      w.chair,
      `mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) {
      status reconvenedAs { type dueBy clockStart transferNotifiedOn referralAcceptedOn transferInClockStart } } }`,
      { i: { conferenceId: transferAfter.id, heldOn: '2026-08-20', outcomes: [], attendance } },
    );
    expect(inquorate.recordConferenceHeld).toEqual({
      status: 'INQUORATE',
      reconvenedAs: {
        type: 'TRANSFER_IN',
        dueBy: '2026-09-04',
        clockStart: '2026-08-10',
        transferNotifiedOn: '2026-08-03',
        referralAcceptedOn: '2026-08-10',
        transferInClockStart: 'REFERRAL_ACCEPTED',
      },
    });

    const history = (await ok(t, w.admin, SETTINGS)).authorityProcedureSettings.history;
    expect(history.map((h: { details: unknown }) => h.details)).toEqual([
      {
        preBirthReviewWorkingDays: { from: 10, to: 20 },
        transferInClockStart: { from: 'NOTIFICATION', to: 'REFERRAL_ACCEPTED' },
      },
      {
        preBirthReviewWorkingDays: { from: 20, to: 5 },
        transferInClockStart: { from: 'REFERRAL_ACCEPTED', to: 'NOTIFICATION' },
      },
    ]);
  });
});
