import { DataSource } from 'typeorm';
import { PolicyService } from '../../src/auth/policy.service';
import { Role } from '../../src/auth/role';
import { AuthoritySettingsService } from '../../src/directory/authority-settings.service';
import { ChildRepository } from '../../src/directory/child.repository';
import { DirectoryRepository } from '../../src/directory/directory.repository';
import { DirectoryService } from '../../src/directory/directory.service';
import { EmailMode } from '../../src/directory/email-mode';
import { buildDirectory, DirectoryWorld, outcome } from '../helpers/builders/directory';
import { startTestApp, TestApp } from '../helpers/test-app';

// The directory's service and repository against the real PostgreSQL, without HTTP (issue 11).
describe('DirectoryService and DirectoryRepository', () => {
  let t: TestApp;
  let db: DataSource;
  let directory: DirectoryService;
  let repo: DirectoryRepository;
  let children: ChildRepository;
  let w: DirectoryWorld;
  let other: DirectoryWorld;

  const events = (entityId: string): Promise<{ action: string; details: Record<string, unknown> }[]> =>
    db.query('SELECT action, details FROM audit_event WHERE entity_id = $1 ORDER BY sequence', [entityId]);

  beforeAll(async () => {
    // Fixed day: the birth and calendar expectations belong to 26 November 2026.
    t = await startTestApp({ CLOCK_TODAY: '2026-11-26' });
    db = t.dataSource;
    directory = t.app.get(DirectoryService);
    repo = t.app.get(DirectoryRepository);
    children = t.app.get(ChildRepository);
    w = await buildDirectory(t.app, 'dir');
    other = await buildDirectory(t.app, 'dir-other');
  });
  afterAll(() => t.close());

  it('creates the authority and the staff member on first sign-in, and audits a changed name and roles once', async () => {
    expect(await repo.authorityIdByCode(db, w.code)).toBe(w.authorityId);
    expect((await events(w.authorityId)).map((e) => e.action)).toEqual(['AUTHORITY_CREATED']);

    const first = await w.person('newcomer', [Role.SOCIAL_WORKER], 'newcomer@example.org');
    expect(await repo.findStaff(db, w.authorityId, first.staffId)).toEqual({
      id: first.staffId,
      subject: first.subject,
      name: 'newcomer',
      roles: [Role.SOCIAL_WORKER],
      teamId: null,
      email: 'newcomer@example.org',
      emailMode: EmailMode.IMMEDIATE,
    });
    // Same token again: nothing changes, nothing is audited.
    expect((await w.person('newcomer', [Role.SOCIAL_WORKER], 'newcomer@example.org')).staffId).toBe(first.staffId);
    const renamed = await w.person('newcomer', [Role.SOCIAL_WORKER, Role.CHAIR]);
    expect(renamed.staffId).toBe(first.staffId);
    expect(await repo.findStaff(db, w.authorityId, first.staffId)).toMatchObject({
      roles: [Role.SOCIAL_WORKER, Role.CHAIR],
      email: 'newcomer@example.org',
    });
    expect((await events(first.staffId)).map((e) => [e.action, e.details.roles])).toEqual([
      ['STAFF_MEMBER_CREATED', [Role.SOCIAL_WORKER]],
      ['STAFF_MEMBER_UPDATED', { from: [Role.SOCIAL_WORKER], to: [Role.SOCIAL_WORKER, Role.CHAIR] }],
    ]);
    // Another authority never sees the person.
    expect(await repo.findStaff(db, other.authorityId, first.staffId)).toBeNull();
  });

  it('creates a team whose managers join it, and refuses a second team of the same name', async () => {
    const [team] = await repo.findTeamMany(w.authorityId, [w.teamA.id]);
    expect(team).toEqual({
      id: w.teamA.id,
      name: 'Team A',
      managerId: w.teamA.manager.staffId,
      serviceManagerId: w.serviceManager.staffId,
    });
    expect(w.teamA.manager.teamId).toBe(w.teamA.id);
    // The service manager joined the first team only: the second found them already in one.
    expect((await repo.findStaff(db, w.authorityId, w.serviceManager.staffId))?.teamId).toBe(w.teamA.id);
    expect(await outcome(directory.createTeam(w.admin, { name: 'team a' }, null))).toBe('BAD_USER_INPUT');
    expect(await repo.teamExists(w.authorityId, w.teamA.id)).toBe(true);
    expect(await repo.teamExists(other.authorityId, w.teamA.id)).toBe(false);
    expect(await repo.findTeamMany(other.authorityId, [w.teamA.id])).toEqual([]);
  });

  it("registers a child in the caller's authority only, once per case reference", async () => {
    const id = await w.child(w.teamA, { name: 'Ada' });
    const child = await children.find(db, w.authorityId, id);
    expect(child).toMatchObject({
      id,
      authorityId: w.authorityId,
      name: 'Ada',
      teamId: w.teamA.id,
      socialWorkerId: w.teamA.socialWorker.staffId,
      dateOfBirth: '2012-05-01',
      version: 1,
    });
    expect(
      await outcome(
        directory.registerChild(
          w.admin,
          { caseReference: child!.caseReference, name: 'Twin', teamId: w.teamA.id, dateOfBirth: '2012-05-01' },
          null,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      await outcome(
        directory.registerChild(
          w.admin,
          { caseReference: 'X-1', name: 'Elsewhere', teamId: other.teamA.id, dateOfBirth: '2012-05-01' },
          null,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(await outcome(directory.childOfAuthority(db, other.admin, id))).toBe('NOT_FOUND');
    expect(await outcome(directory.readableChild(w.teamB.socialWorker, id))).toBe('FORBIDDEN');
    expect((await directory.readableChild(w.teamA.socialWorker, id)).name).toBe('Ada');
  });

  it('records a birth once, through the engine (version and audit)', async () => {
    const id = await w.child(w.teamA, { expectedDateOfBirth: '2026-11-01' });
    await directory.recordBirth(w.teamA.socialWorker, id, '2026-10-30');
    expect(await children.find(db, w.authorityId, id)).toMatchObject({
      dateOfBirth: '2026-10-30',
      expectedDateOfBirth: '2026-11-01',
      version: 2,
    });
    expect(await outcome(directory.recordBirth(w.teamA.socialWorker, id, '2026-10-30'))).toBe('BAD_USER_INPUT');
    expect(await outcome(directory.recordBirth(w.teamB.socialWorker, id, '2026-10-30'))).toBe('FORBIDDEN');
    expect((await events(id)).map((e) => e.action)).toEqual(['CHILD_REGISTERED', 'CHILD_BIRTH_RECORDED']);
  });

  it("changes a person's email mode once (audited), and a repeat is no change", async () => {
    const sw = w.teamB.socialWorker;
    await directory.setEmailMode(sw, EmailMode.DAILY_DIGEST);
    await directory.setEmailMode(sw, EmailMode.DAILY_DIGEST);
    expect((await repo.findStaff(db, w.authorityId, sw.staffId))?.emailMode).toBe(EmailMode.DAILY_DIGEST);
    expect((await events(sw.staffId)).filter((e) => e.details.emailMode)).toEqual([
      {
        action: 'STAFF_MEMBER_UPDATED',
        details: { emailMode: EmailMode.DAILY_DIGEST, previousEmailMode: EmailMode.IMMEDIATE },
      },
    ]);
    expect(await repo.adminIds(db, w.authorityId)).toEqual([w.admin.staffId]);
  });

  it("reads the authority's settings with their defaults, and the policy asks the directory whether a team is the authority's", async () => {
    const settings = await t.app.get(AuthoritySettingsService).get(w.authorityId);
    expect(settings).toMatchObject({
      id: w.authorityId,
      code: w.code,
      caseAuditRoles: ['CHAIR', 'SERVICE_MANAGER', 'HEAD_OF_SERVICE'],
      caseAuditAgreementWorkingDays: 5,
      closureDays: [],
    });
    expect(settings.calendar.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    const policy = t.app.get(PolicyService);
    await expect(policy.assertTeamFilter(w.teamA.socialWorker, w.teamA.id)).resolves.toBeUndefined();
    expect(await outcome(policy.assertTeamFilter(w.teamA.socialWorker, w.teamB.id))).toBe('FORBIDDEN');
    expect(await outcome(policy.assertTeamFilter(w.teamA.socialWorker, other.teamA.id))).toBe('NOT_FOUND');
  });
});
