import { buildWorld, World } from '../helpers/world';
import { errorCode, ok, startTestApp, TestApp } from '../helpers/test-app';
import { M } from './conferences.fixtures';

// Issue 18: attendance, quorum, reconvening, reports to the family and minutes.
// Golden dates (England and Wales bank holidays; the start day never counts):
// - Strategy discussion Tue 2026-03-10: ICPC due 15 working days later, Mar 11-13 (3), 16-20 (8),
//   23-27 (13), 30 (14), 31 (15) => 2026-03-31.
// - ICPC scheduled Fri 2026-03-27: report due 2 working days before => Wed 2026-03-25; rescheduled to
//   Wed 2026-03-25 => Mon 2026-03-23.
// - Inquorate on Wed 2026-03-25: reconvened due 10 working days later, Mar 26 (1), 27 (2), 30 (3),
//   31 (4), Apr 1 (5), 2 (6), Good Friday 3 Apr and Easter Monday 6 Apr are bank holidays,
//   Apr 7 (7), 8 (8), 9 (9), 10 (10) => 2026-04-10.
// - Held Wed 2026-03-25: minutes due 15 working days later => Apr 7-10 are 7-10, Apr 13-17 (15) => 2026-04-17.
const CONF = `id type status dueBy clockStart strategyDiscussionDate heldOn version reportSharedDueBy reportSharedWithFamilyOn minutesDueBy minutesDistributedOn
  quorate inquorateProceedReason attendance { agency attended reportReceived }
  reconvenedAs { id type status dueBy clockStart strategyDiscussionDate children { id } }
  outcomes { decision child { id } } history { action fromStatus toStatus reason }`;
const Q = {
  hold: `mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { ${CONF} } }`,
  conference: `query($id: ID!) { conference(id: $id) { ${CONF} } }`,
  shared: `mutation($id: ID!, $d: Date!) { recordReportSharedWithFamily(conferenceId: $id, sharedOn: $d) { ${CONF} } }`,
  minutes: `mutation($id: ID!, $d: Date!) { recordMinutesDistributed(conferenceId: $id, distributedOn: $d) { ${CONF} } }`,
  inbox: '{ myInbox { reason dueBy conference { id } } }',
};
const came = (...agencies: string[]) =>
  ['CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH', 'EDUCATION'].map((agency) => ({
    agency,
    attended: agencies.includes(agency),
    reportReceived: agency === 'HEALTH' ? true : null,
  }));

describe('multi-agency conferences (runs on Thursday 26 November 2026 whatever the date)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: '2026-11-26' });
    w = await buildWorld(t, 'mac');
  });
  afterAll(() => t.close());

  async function scheduledIcpc(childIds: string[]) {
    const id = (await ok(t, w.chair, M.requestInitial, { i: { childIds, strategyDiscussionDate: '2026-03-10' } }))
      .requestInitialConference.id;
    await ok(t, w.chair, M.schedule, { i: { conferenceId: id, scheduledFor: '2026-03-27T10:00:00Z' } });
    return id as string;
  }

  it('computes the report due date from the scheduled date and moves it on rescheduling', async () => {
    const child = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
    const id = await scheduledIcpc([child]);
    expect((await ok(t, w.chair, Q.conference, { id })).conference.reportSharedDueBy).toBe('2026-03-25');
    await ok(t, w.chair, M.schedule, {
      i: { conferenceId: id, scheduledFor: '2026-03-25T10:00:00Z', reason: 'police availability' },
    });
    expect((await ok(t, w.chair, Q.conference, { id })).conference.reportSharedDueBy).toBe('2026-03-23');
    const shared = (await ok(t, w.teamA.socialWorker, Q.shared, { id, d: '2026-03-20' })).recordReportSharedWithFamily;
    expect(shared.reportSharedWithFamilyOn).toBe('2026-03-20');
    expect(shared.history.at(-1).action).toBe('CONFERENCE_REPORT_SHARED_WITH_FAMILY');
    // Refusals: another team's social worker; a date in the future.
    expect(await errorCode(t, w.teamB.socialWorker, Q.shared, { id, d: '2026-03-20' })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.teamA.socialWorker, Q.shared, { id, d: '2026-11-27' })).toBe('BAD_USER_INPUT');
  });

  it("a quorate conference decides, owes minutes in the chair's inbox until distributed", async () => {
    const child = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
    const id = await scheduledIcpc([child]);
    const held = (
      await ok(t, w.chair, Q.hold, {
        i: {
          conferenceId: id,
          heldOn: '2026-03-25',
          outcomes: [{ childId: child, decision: 'NO_PLAN' }],
          attendance: came('CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH'),
        },
      })
    ).recordConferenceHeld;
    expect(held).toMatchObject({ status: 'HELD', quorate: true, minutesDueBy: '2026-04-17', reconvenedAs: null });
    expect(held.attendance).toContainEqual({ agency: 'HEALTH', attended: true, reportReceived: true });
    expect(held.attendance).toContainEqual({ agency: 'EDUCATION', attended: false, reportReceived: null });
    const inbox = (await ok(t, w.chair, Q.inbox)).myInbox.filter(
      (i: { conference: { id: string } | null }) => i.conference?.id === id,
    );
    expect(inbox).toHaveLength(1);
    expect(inbox[0].dueBy).toBe('2026-04-17');
    // Refusals: a social worker recording minutes; a date in the future; before the conference.
    expect(await errorCode(t, w.teamA.socialWorker, Q.minutes, { id, d: '2026-04-01' })).toBe('FORBIDDEN');
    expect(await errorCode(t, w.chair, Q.minutes, { id, d: '2026-11-27' })).toBe('BAD_USER_INPUT');
    expect(await errorCode(t, w.chair, Q.minutes, { id, d: '2026-03-24' })).toBe('BAD_USER_INPUT');
    const done = (await ok(t, w.chair, Q.minutes, { id, d: '2026-04-16' })).recordMinutesDistributed;
    expect(done.minutesDistributedOn).toBe('2026-04-16');
    const after = (await ok(t, w.chair, Q.inbox)).myInbox.filter(
      (i: { conference: { id: string } | null }) => i.conference?.id === id,
    );
    expect(after).toHaveLength(0);
  });

  it('the sweep tells the chair once when minutes are overdue', async () => {
    const child = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
    const id = await scheduledIcpc([child]);
    await ok(t, w.chair, Q.hold, {
      i: {
        conferenceId: id,
        heldOn: '2026-03-25',
        outcomes: [{ childId: child, decision: 'NO_PLAN' }],
        attendance: came('CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH'),
      },
    });
    // Today (2026-11-26) is long past 2026-04-17.
    const SWEEP = 'mutation { runDeadlineSweep { conferenceMinutesAlerts } }';
    expect((await ok(t, w.admin, SWEEP)).runDeadlineSweep.conferenceMinutesAlerts).toBe(1);
    expect((await ok(t, w.admin, SWEEP)).runDeadlineSweep.conferenceMinutesAlerts).toBe(0);
    const items = (await ok(t, w.chair, Q.inbox)).myInbox.filter(
      (i: { conference: { id: string } | null }) => i.conference?.id === id,
    );
    expect(items).toHaveLength(1); // one item per conference: the newest alert speaks for it
    expect(items[0].reason).toContain('were due to be distributed by 2026-04-17');
  });

  it('an inquorate ICPC decides nothing and is reconvened, due 10 working days later across Easter', async () => {
    const a = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
    const b = await w.child(w.teamA, { dateOfBirth: '2017-01-01' });
    const id = await scheduledIcpc([a, b]);
    // Health did not come: children's social care and one other agency is not a quorum.
    const held = (
      await ok(t, w.chair, Q.hold, {
        i: {
          conferenceId: id,
          heldOn: '2026-03-25',
          outcomes: [],
          attendance: came('CHILDRENS_SOCIAL_CARE', 'POLICE'),
        },
      })
    ).recordConferenceHeld;
    expect(held).toMatchObject({
      status: 'INQUORATE',
      quorate: false,
      inquorateProceedReason: null,
      outcomes: [],
      minutesDueBy: null,
    });
    expect(held.history.at(-1)).toMatchObject({
      action: 'CONFERENCE_INQUORATE',
      fromStatus: 'SCHEDULED',
      toStatus: 'INQUORATE',
    });
    // Same type and children; the ICPC's statutory clock (strategy discussion) unchanged.
    expect(held.reconvenedAs).toMatchObject({
      type: 'INITIAL',
      status: 'REQUESTED',
      dueBy: '2026-04-10',
      clockStart: '2026-03-10',
      strategyDiscussionDate: '2026-03-10',
    });
    expect(held.reconvenedAs.children.map((c: { id: string }) => c.id).sort()).toEqual([a, b].sort());
    const child = (await ok(t, w.chair, M.child, { id: a })).child;
    expect(child.activePlan).toBeNull();
    expect(await errorCode(t, w.chair, Q.minutes, { id, d: '2026-04-01' })).toBe('INVALID_TRANSITION');
  });

  it('going ahead with a reason: the decisions stand, and it still counts as not quorate', async () => {
    const child = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
    const id = await scheduledIcpc([child]);
    const held = (
      await ok(t, w.chair, Q.hold, {
        i: {
          conferenceId: id,
          heldOn: '2026-03-25',
          outcomes: [{ childId: child, decision: 'PLAN_STARTED', category: 'NEGLECT' }],
          attendance: came('CHILDRENS_SOCIAL_CARE', 'HEALTH'),
          inquorateProceedReason: 'risk too high to wait',
        },
      })
    ).recordConferenceHeld;
    expect(held).toMatchObject({
      status: 'HELD',
      quorate: false,
      inquorateProceedReason: 'risk too high to wait',
      reconvenedAs: null,
      minutesDueBy: '2026-04-17',
    });
    expect(held.outcomes).toEqual([{ decision: 'PLAN_STARTED', child: { id: child } }]);
  });

  it('without attendance quorate is null and the conference decides as before', async () => {
    const child = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
    const id = await scheduledIcpc([child]);
    const held = (
      await ok(t, w.chair, Q.hold, {
        i: { conferenceId: id, heldOn: '2026-03-25', outcomes: [{ childId: child, decision: 'NO_PLAN' }] },
      })
    ).recordConferenceHeld;
    expect(held).toMatchObject({ status: 'HELD', quorate: null, attendance: [] });
    // A reason to go ahead is only for an inquorate conference.
    const other = await scheduledIcpc([await w.child(w.teamA, { dateOfBirth: '2015-01-01' })]);
    expect(
      await errorCode(t, w.chair, Q.hold, {
        i: {
          conferenceId: other,
          heldOn: '2026-03-25',
          outcomes: [],
          attendance: came('CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH'),
          inquorateProceedReason: 'x',
        },
      }),
    ).toBe('BAD_USER_INPUT');
  });
});

describe('multi-agency measures on a known data set (runs on Thursday 26 November 2026 whatever the date)', () => {
  let t: TestApp;
  let w: World;
  const R = 'numerator denominator';
  const MEASURES = `initialConferencesWithin15WorkingDays { ${R} } conferencesQuorate { ${R} } agencyAttendance { agency invited attended } reportsSharedOnTime { ${R} } minutesDistributedOnTime { ${R} }`;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: '2026-11-26' });
    w = await buildWorld(t, 'mam');
  });
  afterAll(() => t.close());

  it('counts quorate conferences, attendance by agency, reports and minutes on time', async () => {
    const icpc = async (
      heldOn: string,
      attendance: unknown,
      extra: Record<string, unknown> = {},
      outcome = 'NO_PLAN',
    ) => {
      const child = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
      const id = (
        await ok(t, w.chair, M.requestInitial, { i: { childIds: [child], strategyDiscussionDate: '2026-03-10' } })
      ).requestInitialConference.id;
      await ok(t, w.chair, M.schedule, { i: { conferenceId: id, scheduledFor: `${heldOn}T10:00:00Z` } });
      const outcomes = outcome ? [{ childId: child, decision: outcome }] : [];
      return (await ok(t, w.chair, Q.hold, { i: { conferenceId: id, heldOn, outcomes, attendance, ...extra } }))
        .recordConferenceHeld;
    };
    // A: quorate; report shared on time (due 2026-03-23); minutes on time (due 2026-04-17).
    const a = await icpc('2026-03-25', came('CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH'));
    await ok(t, w.teamA.socialWorker, Q.shared, { id: a.id, d: '2026-03-20' });
    await ok(t, w.chair, Q.minutes, { id: a.id, d: '2026-04-16' });
    // B: inquorate, reconvened; no report recorded; owes no minutes.
    const b = await icpc('2026-03-25', came('CHILDRENS_SOCIAL_CARE', 'POLICE'), {}, '');
    // C: inquorate, going ahead with a reason; report late; minutes never recorded.
    const c = await icpc('2026-03-25', came('CHILDRENS_SOCIAL_CARE', 'HEALTH'), {
      inquorateProceedReason: 'risk too high to wait',
    });
    await ok(t, w.teamA.manager, Q.shared, { id: c.id, d: '2026-03-24' });
    // D: no attendance recorded; nothing shared, no minutes.
    await icpc('2026-03-25', null);
    // E: B reconvened on 2026-04-08 (its own due date 2026-04-10), quorate; the statutory ICPC date 2026-03-31 has passed, so late.
    const e = b.reconvenedAs.id;
    await ok(t, w.chair, M.schedule, { i: { conferenceId: e, scheduledFor: '2026-04-08T10:00:00Z' } });
    const child = b.reconvenedAs.children[0].id;
    await ok(t, w.chair, Q.hold, {
      i: {
        conferenceId: e,
        heldOn: '2026-04-08',
        outcomes: [{ childId: child, decision: 'NO_PLAN' }],
        attendance: came('CHILDRENS_SOCIAL_CARE', 'POLICE', 'HEALTH'),
      },
    });

    const expected = {
      // held ICPCs: A, C, D on time (2026-03-25 <= 2026-03-31), E late against the inquorate one's 2026-03-31
      initialConferencesWithin15WorkingDays: { numerator: 3, denominator: 4 },
      // attendance recorded at A, B, C, E; quorate: A and E
      conferencesQuorate: { numerator: 2, denominator: 4 },
      agencyAttendance: [
        { agency: 'CHILDRENS_SOCIAL_CARE', invited: 4, attended: 4 },
        { agency: 'POLICE', invited: 4, attended: 3 },
        { agency: 'HEALTH', invited: 4, attended: 3 },
        { agency: 'EDUCATION', invited: 4, attended: 0 },
      ],
      // held in the period: A, B, C, D, E; only A's report reached the family by its due date
      reportsSharedOnTime: { numerator: 1, denominator: 5 },
      // HELD (not inquorate): A, C, D, E; only A's minutes on time
      minutesDistributedOnTime: { numerator: 1, denominator: 4 },
    };
    const p = (await ok(t, w.serviceManager, `{ performance(from: "2026-03-01", to: "2026-04-30") { ${MEASURES} } }`))
      .performance;
    expect(p).toEqual(expected);
    const byTeam = (
      await ok(
        t,
        w.serviceManager,
        `{ performanceByTeam(from: "2026-03-01", to: "2026-04-30") { team { id } performance { ${MEASURES} } } }`,
      )
    ).performanceByTeam;
    expect(byTeam.find((x: { team: { id: string } }) => x.team.id === w.teamA.id).performance).toEqual(expected);
    expect(
      byTeam.find((x: { team: { id: string } }) => x.team.id === w.teamB.id).performance.conferencesQuorate,
    ).toEqual({ numerator: 0, denominator: 0 });
    const byChair = (
      await ok(
        t,
        w.serviceManager,
        `{ performanceByChair(from: "2026-03-01", to: "2026-04-30") { chair { id } ${MEASURES} } }`,
      )
    ).performanceByChair;
    const { chair: _chair, ...mine } = byChair.find((x: { chair: { id: string } }) => x.chair.id === w.chair.id);
    expect(mine).toEqual(expected);
  });
});
