import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdvocacyRepository } from '../../src/advocacy/advocacy.repository';
import { AdvocacyService } from '../../src/advocacy/advocacy.service';
import { buildDirectory, DirectoryWorld, outcome } from '../helpers/builders/directory';
import { startTestApp, TestApp } from '../helpers/test-app';

// Advocate offers through AdvocacyService against the real PostgreSQL, without HTTP (issue 11).
// Fixed day: the offers' dates belong to 26 November 2026.
const TODAY = '2026-11-26';

describe('AdvocacyService and AdvocacyRepository', () => {
  let t: TestApp;
  let db: DataSource;
  let advocacy: AdvocacyService;
  let offers: AdvocacyRepository;
  let w: DirectoryWorld;
  let other: DirectoryWorld;

  const read = async (authorityId: string, id: string) => (await offers.findMany(authorityId, [id]))[0] ?? null;
  const actions = async (id: string): Promise<string[]> =>
    (await db.query('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY sequence', [id])).map(
      (r: { action: string }) => r.action,
    );

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: TODAY });
    db = t.dataSource;
    advocacy = t.app.get(AdvocacyService);
    offers = t.app.get(AdvocacyRepository);
    w = await buildDirectory(t.app, 'adv');
    other = await buildDirectory(t.app, 'adv-other');
  });
  afterAll(() => t.close());

  it('offers, accepts, allocates and completes, each change through the engine, read back as a typed record', async () => {
    const childId = await w.child(w.teamA);
    const sw = w.teamA.socialWorker;
    const id = await advocacy.offer(sw, { childId, offeredOn: '2026-11-20' }, null);
    expect(await read(w.authorityId, id)).toEqual({
      id,
      authorityId: w.authorityId,
      childId,
      conferenceId: null,
      status: 'OFFERED',
      offeredOn: '2026-11-20',
      offeredById: sw.staffId,
      respondedOn: null,
      declineReason: null,
      advocateName: null,
      allocatedOn: null,
      completedOn: null,
      withdrawnReason: null,
      version: 1,
    });
    await advocacy.respond(sw, { offerId: id, accepted: true, respondedOn: '2026-11-21', expectedVersion: 1 });
    await advocacy.allocate(sw, id, 'A. Advocate', '2026-11-23', 2);
    await advocacy.complete(sw, id, '2026-11-25', 3);
    expect(await read(w.authorityId, id)).toMatchObject({
      status: 'COMPLETED',
      respondedOn: '2026-11-21',
      advocateName: 'A. Advocate',
      allocatedOn: '2026-11-23',
      completedOn: '2026-11-25',
      version: 4,
    });
    expect(await actions(id)).toEqual([
      'ADVOCATE_OFFER_CREATED',
      'ADVOCATE_OFFER_ACCEPT',
      'ADVOCATE_ALLOCATED',
      'ADVOCATE_OFFER_COMPLETE',
    ]);
    expect(await read(other.authorityId, id)).toBeNull();
  });

  it('holds one open offer per child; a withdrawn one makes room for the next, and the child lists both newest first', async () => {
    const childId = await w.child(w.teamA);
    const sw = w.teamA.socialWorker;
    const first = await advocacy.offer(sw, { childId, offeredOn: '2026-11-02' }, null);
    expect(await outcome(advocacy.offer(sw, { childId, offeredOn: '2026-11-03' }, null))).toBe('BAD_USER_INPUT');
    await advocacy.withdraw(sw, first, 'offered in error');
    const second = await advocacy.offer(sw, { childId, offeredOn: '2026-11-04' }, null);
    expect((await offers.ofChildren(w.authorityId, [childId])).map((o) => [o.id, o.status, o.withdrawnReason])).toEqual(
      [
        [second, 'OFFERED', null],
        [first, 'WITHDRAWN', 'offered in error'],
      ],
    );
    expect(await outcome(advocacy.respond(sw, { offerId: second, accepted: false, respondedOn: '2026-11-03' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await outcome(
        advocacy.respond(sw, {
          offerId: second,
          accepted: false,
          declineReason: 'not now',
          respondedOn: '2026-11-05',
          expectedVersion: 7,
        }),
      ),
    ).toBe('CONFLICT');
    expect((await read(w.authorityId, second))?.status).toBe('OFFERED');
  });

  it('keeps another team and another authority out, and refuses a conference the child is not in', async () => {
    const childId = await w.child(w.teamA);
    const id = await advocacy.offer(w.teamA.socialWorker, { childId, offeredOn: '2026-11-20' }, null);
    expect(await outcome(advocacy.withdraw(w.teamB.socialWorker, id, 'not mine'))).toBe('FORBIDDEN');
    expect(await outcome(advocacy.withdraw(other.teamA.socialWorker, id, 'not ours'))).toBe('NOT_FOUND');
    expect(await outcome(advocacy.offer(other.teamA.socialWorker, { childId, offeredOn: '2026-11-20' }, null))).toBe(
      'NOT_FOUND',
    );
    const another = await w.child(w.teamA);
    expect(
      await outcome(
        advocacy.offer(
          w.teamA.socialWorker,
          { childId: another, conferenceId: randomUUID(), offeredOn: '2026-11-20' },
          null,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(await offers.ofChildren(w.authorityId, [another])).toEqual([]);
    expect(
      await outcome(advocacy.offer(w.teamA.socialWorker, { childId: another, offeredOn: '2026-11-27' }, null)),
    ).toBe('BAD_USER_INPUT');
  });
});
