import { Role } from '../../src/auth/role';
import { addCalendarDays, englandAndWales } from '../../src/calendar/working-calendar';
import { testToday } from '../helpers/test-clock';
import { buildWorld, World } from '../helpers/world';
import { errorCode, gql, ok, startTestApp, TestApp, uniqueAuthority } from '../helpers/test-app';

const OFFER = 'mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id status offeredOn version } }';
const RESPOND =
  'mutation($i: AdvocateResponseInput!) { recordAdvocateResponse(input: $i) { id status respondedOn declineReason version } }';
const ALLOCATE =
  'mutation($id: ID!, $v: Int) { allocateAdvocate(offerId: $id, advocateName: "Coram Voice", expectedVersion: $v) { status advocateName version } }';
const COMPLETE =
  'mutation($id: ID!) { completeAdvocacy(offerId: $id, completedOn: "2026-11-20") { status completedOn } }';
const WITHDRAW =
  'mutation($id: ID!, $r: String!) { withdrawAdvocateOffer(offerId: $id, reason: $r) { status withdrawnReason } }';
const OFFERS_OF =
  'query($id: ID!) { child(id: $id) { advocateOffers { id status history { action fromStatus toStatus reason } } } }';

// The offers below are dated in October and November 2026: these suites stand on Thursday
// 26 November 2026 whatever the date (issue 10). The inbox suite at the end runs on testToday().
const DATA_DAY = '2026-11-26';

describe('advocate offers', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: DATA_DAY });
    w = await buildWorld(t, 'adv');
  });
  afterAll(() => t.close());

  it('goes offer → accept → allocate → complete, with each step in the history', async () => {
    const child = await w.child(w.teamA, { dateOfBirth: '2015-01-01' });
    const offer = (await ok(t, w.teamA.socialWorker, OFFER, { i: { childId: child, offeredOn: '2026-11-02' } }))
      .offerAdvocate;
    expect(offer).toMatchObject({ status: 'OFFERED', version: 1 });
    const accepted = (
      await ok(t, w.teamA.socialWorker, RESPOND, {
        i: { offerId: offer.id, accepted: true, respondedOn: '2026-11-03', expectedVersion: 1 },
      })
    ).recordAdvocateResponse;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', respondedOn: '2026-11-03', version: 2 });
    expect(await errorCode(t, w.teamA.socialWorker, ALLOCATE, { id: offer.id, v: 1 })).toBe('CONFLICT');
    expect((await ok(t, w.chair, ALLOCATE, { id: offer.id, v: 2 })).allocateAdvocate).toMatchObject({
      status: 'ALLOCATED',
      advocateName: 'Coram Voice',
    });
    expect((await ok(t, w.teamA.socialWorker, COMPLETE, { id: offer.id })).completeAdvocacy).toEqual({
      status: 'COMPLETED',
      completedOn: '2026-11-20',
    });
    const history = (await ok(t, w.auditor, OFFERS_OF, { id: child })).child.advocateOffers[0].history;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'ADVOCATE_OFFER_CREATED',
      'ADVOCATE_OFFER_ACCEPT',
      'ADVOCATE_ALLOCATED',
      'ADVOCATE_OFFER_COMPLETE',
    ]);
    expect(history[1]).toMatchObject({ fromStatus: 'OFFERED', toStatus: 'ACCEPTED' });
  });

  it('needs a reason to decline, and refuses a second response', async () => {
    const child = await w.child(w.teamA, { dateOfBirth: '2014-03-01' });
    const offer = (await ok(t, w.teamA.socialWorker, OFFER, { i: { childId: child, offeredOn: '2026-11-02' } }))
      .offerAdvocate;
    const noReason = await gql(t, w.teamA.socialWorker, RESPOND, {
      i: { offerId: offer.id, accepted: false, respondedOn: '2026-11-03' },
    });
    expect(noReason.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'declineReason' }],
    });
    const blank = await gql(t, w.teamA.socialWorker, RESPOND, {
      i: { offerId: offer.id, accepted: false, respondedOn: '2026-11-03', declineReason: '   ' },
    });
    expect(blank.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const declined = (
      await ok(t, w.teamA.socialWorker, RESPOND, {
        i: {
          offerId: offer.id,
          accepted: false,
          respondedOn: '2026-11-03',
          declineReason: 'Prefers to speak to her social worker',
        },
      })
    ).recordAdvocateResponse;
    expect(declined).toMatchObject({ status: 'DECLINED', declineReason: 'Prefers to speak to her social worker' });
    const again = await gql(t, w.teamA.socialWorker, RESPOND, {
      i: { offerId: offer.id, accepted: true, respondedOn: '2026-11-04' },
    });
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'DECLINED',
      operation: 'accept',
    });
  });

  it('withdraws an open offer with a reason, and then allows a new one', async () => {
    const child = await w.child(w.teamA);
    const offer = (await ok(t, w.teamA.socialWorker, OFFER, { i: { childId: child, offeredOn: '2026-11-02' } }))
      .offerAdvocate;
    expect(await errorCode(t, w.teamA.socialWorker, OFFER, { i: { childId: child, offeredOn: '2026-11-05' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await errorCode(t, w.teamA.socialWorker, WITHDRAW, { id: offer.id, r: ' ' })).toBe('BAD_USER_INPUT');
    expect(
      (await ok(t, w.teamA.socialWorker, WITHDRAW, { id: offer.id, r: 'Family moved away' })).withdrawAdvocateOffer,
    ).toEqual({ status: 'WITHDRAWN', withdrawnReason: 'Family moved away' });
    expect(await errorCode(t, w.teamA.socialWorker, WITHDRAW, { id: offer.id, r: 'again' })).toBe('INVALID_TRANSITION');
    await ok(t, w.teamA.socialWorker, OFFER, { i: { childId: child, offeredOn: '2026-11-06' } });
  });

  it('refuses future dates, responses before the offer, and unknown ids', async () => {
    const child = await w.child(w.teamA);
    expect(await errorCode(t, w.teamA.socialWorker, OFFER, { i: { childId: child, offeredOn: '2099-01-01' } })).toBe(
      'BAD_USER_INPUT',
    );
    const offer = (await ok(t, w.teamA.socialWorker, OFFER, { i: { childId: child, offeredOn: '2026-11-10' } }))
      .offerAdvocate;
    expect(
      await errorCode(t, w.teamA.socialWorker, RESPOND, {
        i: { offerId: offer.id, accepted: true, respondedOn: '2026-11-09' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await errorCode(t, w.teamA.socialWorker, RESPOND, {
        i: { offerId: '00000000-0000-4000-8000-000000000000', accepted: true, respondedOn: '2026-11-11' },
      }),
    ).toBe('NOT_FOUND');
    expect(
      await errorCode(t, w.teamA.socialWorker, OFFER, {
        i: { childId: '00000000-0000-4000-8000-000000000000', offeredOn: '2026-11-10' },
      }),
    ).toBe('NOT_FOUND');
  });

  it('keeps another team, other roles and another authority out', async () => {
    const child = await w.child(w.teamA);
    expect(await errorCode(t, w.teamB.socialWorker, OFFER, { i: { childId: child, offeredOn: '2026-11-02' } })).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(t, w.teamA.manager, OFFER, { i: { childId: child, offeredOn: '2026-11-02' } })).toBe(
      'FORBIDDEN',
    );
    const offer = (await ok(t, w.teamA.socialWorker, OFFER, { i: { childId: child, offeredOn: '2026-11-02' } }))
      .offerAdvocate;
    expect(
      await errorCode(t, w.teamB.socialWorker, RESPOND, {
        i: { offerId: offer.id, accepted: true, respondedOn: '2026-11-03' },
      }),
    ).toBe('FORBIDDEN');
    expect(await errorCode(t, w.teamB.socialWorker, OFFERS_OF, { id: child })).toBe('FORBIDDEN');
    const outsider = { sub: 'sw-x', roles: [Role.SOCIAL_WORKER], authority: uniqueAuthority('x') };
    expect(
      await errorCode(t, outsider, RESPOND, { i: { offerId: offer.id, accepted: true, respondedOn: '2026-11-03' } }),
    ).toBe('NOT_FOUND');
    const rows = await t.dataSource.query('SELECT status FROM advocate_offer WHERE id = $1', [offer.id]);
    expect(rows[0].status).toBe('OFFERED');
  });
});

describe('advocacy at conferences: the gap is visible, and participation reflects the offers', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: DATA_DAY });
    w = await buildWorld(t, 'advc');
  });
  afterAll(() => t.close());

  const CONFERENCE = `query($id: ID!) { conference(id: $id) {
    childrenWithoutAdvocateOffer { id }
    advocateOffers { id }
    participation { child { id } advocateOffered }
  } }`;

  it('lists eligible children with no offer; the too young and the unborn are never flagged', async () => {
    const older = await w.child(w.teamA, { dateOfBirth: '2016-01-10' });
    const fiveOnTheDay = await w.child(w.teamA, { dateOfBirth: '2021-10-01' });
    const toddler = await w.child(w.teamA, { dateOfBirth: '2024-02-01' });
    const unborn = await w.child(w.teamA, { expectedDateOfBirth: '2027-02-01' });
    const requested = await ok(
      t,
      w.chair,
      'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }',
      {
        i: { childIds: [older, fiveOnTheDay, toddler, unborn], strategyDiscussionDate: '2026-10-01' },
      },
    );
    const id = requested.requestInitialConference.id;
    const gap = (await ok(t, w.chair, CONFERENCE, { id })).conference.childrenWithoutAdvocateOffer.map(
      (c: { id: string }) => c.id,
    );
    expect(gap.sort()).toEqual([older, fiveOnTheDay].sort());

    // An offer for this conference closes the gap for that child.
    await ok(t, w.teamA.socialWorker, 'mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id } }', {
      i: { childId: older, conferenceId: id, offeredOn: '2026-10-05' },
    });
    const after = (await ok(t, w.teamA.socialWorker, CONFERENCE, { id })).conference;
    expect(after.childrenWithoutAdvocateOffer.map((c: { id: string }) => c.id)).toEqual([fiveOnTheDay]);
    expect(after.advocateOffers).toHaveLength(1);
    expect(await errorCode(t, w.teamB.socialWorker, CONFERENCE, { id })).toBe('FORBIDDEN');
  });

  it('refuses an offer for a conference the child is not in', async () => {
    const a = await w.child(w.teamA);
    const b = await w.child(w.teamA);
    const conf = await ok(
      t,
      w.chair,
      'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }',
      { i: { childIds: [a], strategyDiscussionDate: '2026-10-01' } },
    );
    const res = await gql(
      t,
      w.teamA.socialWorker,
      'mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id } }',
      { i: { childId: b, conferenceId: conf.requestInitialConference.id, offeredOn: '2026-10-05' } },
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'conferenceId' }] });
  });

  it('computes advocateOffered in participation from the offers on record', async () => {
    const offered = await w.child(w.teamA, { dateOfBirth: '2014-06-01' });
    const notOffered = await w.child(w.teamA, { dateOfBirth: '2013-06-01' });
    const conf = (
      await ok(
        t,
        w.chair,
        'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }',
        { i: { childIds: [offered, notOffered], strategyDiscussionDate: '2026-10-01' } },
      )
    ).requestInitialConference.id;
    await ok(t, w.teamA.socialWorker, 'mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id } }', {
      i: { childId: offered, offeredOn: '2026-10-02' },
    });
    await ok(t, w.chair, 'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }', {
      i: { conferenceId: conf, scheduledFor: '2026-10-15T10:00:00Z' },
    });
    await ok(t, w.chair, 'mutation($i: RecordConferenceHeldInput!) { recordConferenceHeld(input: $i) { id } }', {
      i: {
        conferenceId: conf,
        heldOn: '2026-10-15',
        outcomes: [
          { childId: offered, decision: 'NO_PLAN' },
          { childId: notOffered, decision: 'NO_PLAN' },
        ],
        participation: [
          { childId: offered, attended: true, viewsShared: 'VIA_ADVOCATE' },
          { childId: notOffered, attended: false, viewsShared: 'NOT_SHARED' },
        ],
      },
    });
    const participation = (await ok(t, w.auditor, CONFERENCE, { id: conf })).conference.participation;
    const byChild = Object.fromEntries(
      participation.map((p: { child: { id: string }; advocateOffered: boolean }) => [p.child.id, p.advocateOffered]),
    );
    expect(byChild).toEqual({ [offered]: true, [notOffered]: false });
  });
});

describe('advocacy gap in the inbox before a conference', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'advg');
  });
  afterAll(() => t.close());

  it('tells the chair and the social worker, once, when a scheduled conference is two working days away with a gap', async () => {
    const today = testToday();
    const eligible = await w.child(w.teamA, { dateOfBirth: '2015-04-01', name: 'Ellie Eligible' });
    // Two years old on any day the suite stands on: under the advocacy age threshold.
    const young = await w.child(w.teamA, { dateOfBirth: addCalendarDays(today, -730), name: 'Yan Young' });
    const conf = (
      await ok(
        t,
        w.chair,
        'mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }',
        { i: { childIds: [eligible, young], strategyDiscussionDate: addCalendarDays(today, -7) } },
      )
    ).requestInitialConference.id;
    const inTwoWorkingDays = englandAndWales.addWorkingDays(today, 2);
    await ok(t, w.chair, 'mutation($i: ScheduleConferenceInput!) { scheduleConference(input: $i) { id } }', {
      i: { conferenceId: conf, scheduledFor: `${inTwoWorkingDays}T12:00:00Z` },
    });

    const first = await ok(t, w.admin, 'mutation { runDeadlineSweep { advocacyGapAlerts } }');
    expect(first.runDeadlineSweep.advocacyGapAlerts).toBe(2);
    const again = await ok(t, w.admin, 'mutation { runDeadlineSweep { advocacyGapAlerts } }');
    expect(again.runDeadlineSweep.advocacyGapAlerts).toBe(0);

    for (const who of [w.chair, w.teamA.socialWorker]) {
      const inbox = (await ok(t, who, '{ myInbox { reason dueBy } }')).myInbox.filter((i: { reason: string }) =>
        i.reason.includes('advocate'),
      );
      expect(inbox).toEqual([
        {
          reason: `Ellie Eligible has no advocate offer on record for the conference on ${inTwoWorkingDays}`,
          dueBy: inTwoWorkingDays,
        },
      ]);
    }
    expect((await ok(t, w.teamB.socialWorker, '{ myInbox { reason } }')).myInbox).toEqual([]);
  });
});
