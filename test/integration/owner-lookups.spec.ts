import { DataSource } from 'typeorm';
import { Role } from '../../src/auth/role';
import { ConferenceRepository } from '../../src/conferences/conference.repository';
import { ChildRepository } from '../../src/directory/child.repository';
import { DirectoryRepository } from '../../src/directory/directory.repository';
import { requestedIcpc } from '../helpers/builders/conferences';
import { buildDirectory, DirectoryWorld } from '../helpers/builders/directory';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * Issue 11, one owner per table: the lookups other modules used to write against the directory's and
 * the conferences' tables themselves (escalations, actions, case audits, advocacy, conferences), now
 * answered by the owners' repositories. Real PostgreSQL, no HTTP; each answer is scoped to the authority.
 * The app stands on 2026-11-26 (CLOCK_TODAY) so the strategy discussion date is literal.
 */
describe("owners' lookups for other modules (service tier)", () => {
  let t: TestApp;
  let w: DirectoryWorld;
  let other: DirectoryWorld;
  let db: DataSource;
  let staff: DirectoryRepository;
  let children: ChildRepository;

  beforeAll(async () => {
    t = await startTestApp({ CLOCK_TODAY: '2026-11-26' });
    db = t.dataSource;
    w = await buildDirectory(t.app, 'own-a');
    other = await buildDirectory(t.app, 'own-b');
    staff = t.app.get(DirectoryRepository);
    children = t.app.get(ChildRepository);
  }, 60_000);
  afterAll(() => t.close());

  it("ChildRepository.teamOf: the child's team with its manager and service manager, in the authority only", async () => {
    const child = await w.child(w.teamA);
    expect(await children.teamOf(db, w.authorityId, child)).toEqual({
      teamId: w.teamA.id,
      managerId: w.teamA.manager.staffId,
      serviceManagerId: w.serviceManager.staffId,
    });
    expect(await children.teamOf(db, other.authorityId, child)).toBeNull();
  });

  it('DirectoryRepository: staff with a role (in a team or anywhere), directors, a role check, staff of the authority', async () => {
    const director = await w.person('director', [Role.DIRECTOR]);
    await other.person('director', [Role.DIRECTOR]);
    expect(await staff.staffWithRole(db, w.authorityId, Role.SERVICE_MANAGER, null)).toEqual([
      w.serviceManager.staffId,
    ]);
    expect(await staff.staffWithRole(db, w.authorityId, Role.TEAM_MANAGER, w.teamB.id)).toEqual([
      w.teamB.manager.staffId,
    ]);
    expect(await staff.directorIds(db, w.authorityId)).toEqual([director.staffId]);
    expect(await staff.staffHasRole(db, w.authorityId, director.staffId, Role.DIRECTOR)).toBe(true);
    expect(await staff.staffHasRole(db, w.authorityId, director.staffId, Role.CHAIR)).toBe(false);
    expect(await staff.staffHasRole(db, other.authorityId, director.staffId, Role.DIRECTOR)).toBe(false);
    const ids = [w.qa.staffId, other.qa.staffId, w.admin.staffId];
    expect((await staff.staffOfAuthority(db, w.authorityId, ids)).sort()).toEqual(
      [w.qa.staffId, w.admin.staffId].sort(),
    );
  });

  it("DirectoryRepository.manages: the team's manager or service manager of someone else in that team", async () => {
    const sw = w.teamA.socialWorker.staffId;
    expect(await staff.manages(db, w.authorityId, w.teamA.manager.staffId, sw)).toBe(true);
    expect(await staff.manages(db, w.authorityId, w.serviceManager.staffId, sw)).toBe(true);
    expect(await staff.manages(db, w.authorityId, w.teamB.manager.staffId, sw)).toBe(false);
    expect(await staff.manages(db, w.authorityId, w.teamA.manager.staffId, w.teamA.manager.staffId)).toBe(false);
    expect(await staff.manages(db, other.authorityId, w.teamA.manager.staffId, sw)).toBe(false);
  });

  it('ConferenceRepository.coversChild: null for no such conference in the authority, else whether the child is in it', async () => {
    const chair = await w.person('chair', [Role.CHAIR]);
    const [inIt, notInIt] = [await w.child(w.teamA), await w.child(w.teamA)];
    const conferenceId = await requestedIcpc(t, chair, [inIt], '2026-11-20');
    const covers = (authorityId: string, childId: string) =>
      db.transaction((m) => t.app.get(ConferenceRepository).coversChild(m, authorityId, conferenceId, childId));
    expect(await covers(w.authorityId, inIt)).toBe(true);
    expect(await covers(w.authorityId, notInIt)).toBe(false);
    expect(await covers(other.authorityId, inIt)).toBeNull();
  });
});
