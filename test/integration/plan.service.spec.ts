import { CurrentUser } from '../../src/auth/principal';
import { DomainError } from '../../src/common/errors';
import { ConferenceRepository } from '../../src/conferences/conference.repository';
import { PlanRepository } from '../../src/plans/plan.repository';
import { PlanService } from '../../src/plans/plan.service';
import { PlanEndReason } from '../../src/plans/plan.types';
import { callerOf, childOfTeamA, heldIcpc } from '../helpers/builders/conferences';
import { startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// PlanService against the real PostgreSQL, without HTTP. The clock stands on Thu 26 Nov 2026
// (CLOCK_TODAY): plans start at an ICPC held on Fri 20 Nov, whose first review is due 20 Feb 2027.
const HELD = '2026-11-20';

describe('PlanService (no HTTP)', () => {
  let t: TestApp;
  let w: World;
  let chair: CurrentUser;
  let service: PlanService;
  let plans: PlanRepository;
  let conferences: ConferenceRepository;
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
    );

  /** Children of team A with plans started at one ICPC; returns the plans in the children's order. */
  const plansFor = async (count: number) => {
    const children: string[] = [];
    for (let i = 0; i < count; i++) children.push(await childOfTeamA(w));
    const conferenceId = await heldIcpc(t, chair, children, { discussedOn: '2026-11-02', heldOn: HELD });
    const outcomes = await conferences.childrenOf(chair.authorityId, [conferenceId]);
    const byChild = new Map(outcomes.map((o) => [o.childId, o.planId!]));
    return { conferenceId, children, planIds: children.map((c) => byChild.get(c)!) };
  };

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: '2026-11-26' });
    w = await buildWorld(t, 'plansvc');
    chair = await callerOf(t, w.chair);
    service = t.app.get(PlanService);
    plans = t.app.get(PlanRepository);
    conferences = t.app.get(ConferenceRepository);
  }, 60_000);
  afterAll(() => t.close());

  it('starts a plan at the ICPC: the record, its next review, and who may read it', async () => {
    const {
      conferenceId,
      children: [child],
      planIds: [planId],
    } = await plansFor(1);
    const [plan] = await plans.findMany(chair.authorityId, [planId]);
    expect(plan).toMatchObject({
      id: planId,
      authorityId: chair.authorityId,
      childId: child,
      status: 'ACTIVE',
      initialCategory: 'NEGLECT',
      category: 'NEGLECT',
      startDate: HELD,
      endDate: null,
      endReason: null,
      endReasonCode: null,
      unbornAtStart: false,
      startedByConferenceId: conferenceId,
      lastConferenceId: conferenceId,
      version: 1,
    });
    expect(await plans.ofChildren(chair.authorityId, [child])).toEqual([plan]);
    expect(await plans.nextReviewDueBy(chair.authorityId, [child])).toEqual([{ childId: child, dueBy: '2027-02-20' }]);
    expect(await plans.teamOf(chair.authorityId, planId)).toBe(w.teamA.id);
    await service.assertReadable(await callerOf(t, w.teamA.socialWorker), planId);
    expect(await codeOf(service.assertReadable(await callerOf(t, w.teamB.socialWorker), planId))).toBe('FORBIDDEN');
    expect(await codeOf(service.assertReadable(chair, '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
  });

  it('refuses an end outside a review that breaks a rule, and changes nothing', async () => {
    const {
      planIds: [planId],
    } = await plansFor(1);
    const end = (endDate: string, reason = PlanEndReason.LEFT_UK) =>
      codeOf(service.endOutsideReview(chair, { planId, endDate, reason }));
    expect(await end('2026-11-20')).toBe('BAD_USER_INPUT'); // the day it started
    expect(await end('2026-11-27')).toBe('BAD_USER_INPUT'); // tomorrow
    expect(await end('2026-11-25', PlanEndReason.REVIEW_CONFERENCE)).toBe('BAD_USER_INPUT');
    expect(await end('2026-11-25', PlanEndReason.TURNED_18)).toBe('BAD_USER_INPUT'); // born 2016
    expect(
      await codeOf(
        service.endOutsideReview(await callerOf(t, w.teamB.socialWorker), {
          planId,
          endDate: '2026-11-25',
          reason: PlanEndReason.LEFT_UK,
        }),
      ),
    ).toBe('FORBIDDEN');
    expect((await plans.findMany(chair.authorityId, [planId]))[0]).toMatchObject({ status: 'ACTIVE', version: 1 });
  });

  it('ends a plan outside a review: the child leaves its open review, and a review left with no children is cancelled', async () => {
    const {
      children: [a, b],
      planIds: [planA, planB],
    } = await plansFor(2);
    const [review] = (await conferences.ofChildren(chair.authorityId, [a])).filter((c) => c.type === 'REVIEW');
    await service.endOutsideReview(chair, {
      planId: planA,
      endDate: '2026-11-25',
      reason: PlanEndReason.LEFT_UK,
      note: 'moved to Spain',
    });
    expect((await plans.findMany(chair.authorityId, [planA]))[0]).toMatchObject({
      status: 'ENDED',
      endDate: '2026-11-25',
      endReasonCode: 'LEFT_UK',
      endReason: 'the child left the UK: moved to Spain',
      version: 2,
    });
    expect((await conferences.childrenOf(chair.authorityId, [review.id])).map((c) => c.childId)).toEqual([b]);
    expect(await conferences.get(chair.authorityId, review.id)).toMatchObject({
      status: 'REQUESTED',
      version: review.version + 1,
    });
    expect(await plans.nextReviewDueBy(chair.authorityId, [a, b])).toEqual([{ childId: b, dueBy: '2027-02-20' }]);

    await service.endOutsideReview(chair, {
      planId: planB,
      endDate: '2026-11-26',
      reason: PlanEndReason.BECAME_LOOKED_AFTER,
    });
    expect(await conferences.get(chair.authorityId, review.id)).toMatchObject({
      status: 'CANCELLED',
      cancelledOn: '2026-11-26',
    });
    expect(await plans.nextReviewDueBy(chair.authorityId, [a, b])).toEqual([]);
    // An ended plan does not end again.
    expect(
      await codeOf(
        service.endOutsideReview(chair, { planId: planB, endDate: '2026-11-26', reason: PlanEndReason.DIED }),
      ),
    ).toBe('INVALID_TRANSITION');
  });
});
