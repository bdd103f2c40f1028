import { CurrentUser } from '../../src/auth/principal';
import { DomainError } from '../../src/common/errors';
import { ConferenceRepository } from '../../src/conferences/conference.repository';
import { ConferenceService } from '../../src/conferences/conference.service';
import { Section47Repository } from '../../src/section47/section47.repository';
import { Section47Service } from '../../src/section47/section47.service';
import { callerOf, childOfTeamA } from '../helpers/builders/conferences';
import { startTestApp, TestApp } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';

// Section47Service (and the ICPC requested for enquiries) against the real PostgreSQL, without HTTP.
// The clock stands on Thu 26 Nov 2026 (CLOCK_TODAY); the discussion is on Mon 2 Nov, so its ICPC is
// due 15 working days later, Mon 23 Nov.
describe('Section47Service (no HTTP)', () => {
  let t: TestApp;
  let w: World;
  let chair: CurrentUser;
  let service: Section47Service;
  let s47: Section47Repository;
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
    );

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: '2026-11-26' });
    w = await buildWorld(t, 's47svc');
    chair = await callerOf(t, w.chair);
    service = t.app.get(Section47Service);
    s47 = t.app.get(Section47Repository);
  }, 60_000);
  afterAll(() => t.close());

  it('records a discussion that starts one enquiry per child, and one that starts none', async () => {
    const children = [await childOfTeamA(w), await childOfTeamA(w)];
    const id = await service.recordDiscussion(
      chair,
      { childIds: children, heldOn: '2026-11-02', section47Initiated: true },
      null,
    );
    expect(await s47.findDiscussion(chair.authorityId, id)).toEqual({
      id,
      authorityId: chair.authorityId,
      teamId: w.teamA.id,
      heldOn: '2026-11-02',
      childIds: children,
      section47Initiated: true,
    });
    const enquiries = await s47.enquiriesOfDiscussions(chair.authorityId, [id]);
    expect(
      enquiries.map((e) => [e.childId, e.status, e.startedOn, e.outcome, e.conferenceId, e.teamId]).sort(),
    ).toEqual(children.map((c) => [c, 'OPEN', '2026-11-02', null, null, w.teamA.id]).sort());
    const none = await service.recordDiscussion(
      chair,
      { childIds: [await childOfTeamA(w)], heldOn: '2026-11-02', section47Initiated: false },
      null,
    );
    expect(await s47.enquiriesOfDiscussions(chair.authorityId, [none])).toEqual([]);
    expect(await codeOf(service.readableDiscussion(await callerOf(t, w.teamB.socialWorker), id))).toBe('FORBIDDEN');
    expect(
      await codeOf(
        service.recordDiscussion(chair, { childIds: children, heldOn: '2026-11-27', section47Initiated: true }, null),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it('an ICPC requested for enquiries links them; an enquiry considered by one keeps ICPC_REQUIRED', async () => {
    const child = await childOfTeamA(w);
    const discussion = await service.recordDiscussion(
      chair,
      { childIds: [child], heldOn: '2026-11-02', section47Initiated: true },
      null,
    );
    const [enquiry] = await s47.enquiriesOfDiscussions(chair.authorityId, [discussion]);
    const conferenceId = await t.app
      .get(ConferenceService)
      .requestInitial(chair, { section47EnquiryIds: [enquiry.id] }, null);
    expect(await t.app.get(ConferenceRepository).get(chair.authorityId, conferenceId)).toMatchObject({
      clockStart: '2026-11-02',
      dueBy: '2026-11-23',
      strategyDiscussionDate: '2026-11-02',
    });
    expect((await s47.findEnquiries(chair.authorityId, [enquiry.id]))[0].conferenceId).toBe(conferenceId);
    // Already considered by an open ICPC: not again.
    expect(
      await codeOf(t.app.get(ConferenceService).requestInitial(chair, { section47EnquiryIds: [enquiry.id] }, null)),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(
        service.recordOutcome(chair, {
          enquiryId: enquiry.id,
          outcome: 'ICPC_NOT_REQUIRED',
          completedOn: '2026-11-10',
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    await service.recordOutcome(chair, {
      enquiryId: enquiry.id,
      outcome: 'ICPC_REQUIRED',
      completedOn: '2026-11-10',
      expectedVersion: 1,
    });
    expect((await s47.findEnquiries(chair.authorityId, [enquiry.id]))[0]).toMatchObject({
      status: 'OUTCOME_RECORDED',
      outcome: 'ICPC_REQUIRED',
      completedOn: '2026-11-10',
      version: 2,
    });
  });

  it('an enquiry that ended without need of an ICPC is not conferenced', async () => {
    const child = await childOfTeamA(w);
    const discussion = await service.recordDiscussion(
      chair,
      { childIds: [child], heldOn: '2026-11-02', section47Initiated: true },
      null,
    );
    const [enquiry] = await s47.enquiriesOfDiscussions(chair.authorityId, [discussion]);
    expect(
      await codeOf(
        service.recordOutcome(chair, {
          enquiryId: enquiry.id,
          outcome: 'CONCERNS_NOT_SUBSTANTIATED',
          completedOn: '2026-10-30',
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    await service.recordOutcome(chair, {
      enquiryId: enquiry.id,
      outcome: 'CONCERNS_NOT_SUBSTANTIATED',
      completedOn: '2026-11-12',
    });
    expect(
      await codeOf(t.app.get(ConferenceService).requestInitial(chair, { section47EnquiryIds: [enquiry.id] }, null)),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(
        t.app
          .get(ConferenceService)
          .requestInitial(chair, { section47EnquiryIds: ['00000000-0000-4000-8000-000000000000'] }, null),
      ),
    ).toBe('NOT_FOUND');
  });
});
