import { Role } from '../../src/auth/role';
import { buildWorld, World } from '../helpers/world';
import { errorCode, gql, ok, startTestApp, TestApp, uniqueAuthority } from '../helpers/test-app';

describe('directory: teams, staff and children', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'dir');
  });
  afterAll(() => t.close());

  it('builds teams with managers named by subject, and staff with teams', async () => {
    const me = await ok(
      t,
      w.teamA.socialWorker,
      '{ me { id team { id name manager { id name } serviceManager { id } } } }',
    );
    expect(me.me.team).toMatchObject({
      id: w.teamA.id,
      name: 'Team A',
      manager: { id: w.teamA.manager.id },
      serviceManager: { id: w.serviceManager.id },
    });
  });

  it("lets team staff read only their own team's children, and no one another authority's", async () => {
    const childA = await w.child(w.teamA);
    const q = 'query($id: ID!) { child(id: $id) { id name team { id } } }';
    expect((await ok(t, w.teamA.socialWorker, q, { id: childA })).child.team.id).toBe(w.teamA.id);
    expect(await errorCode(t, w.teamB.socialWorker, q, { id: childA })).toBe('FORBIDDEN');
    expect((await ok(t, w.chair, q, { id: childA })).child.id).toBe(childA);
    expect((await ok(t, w.auditor, q, { id: childA })).child.id).toBe(childA);
    const stranger = { sub: 'admin-elsewhere', roles: [Role.ADMIN], authority: uniqueAuthority('other') };
    expect(await errorCode(t, stranger, q, { id: childA })).toBe('NOT_FOUND');
  });

  it('answers an id that is not a UUID, or text with a NUL byte, as bad input, never an internal error', async () => {
    expect(await errorCode(t, w.chair, '{ child(id: "abc") { id } }')).toBe('BAD_USER_INPUT');
    expect(
      await errorCode(t, w.admin, 'mutation($n: String!) { createTeam(input: { name: $n }) { id } }', {
        n: 'Team \u0000 Null',
      }),
    ).toBe('BAD_USER_INPUT');
  });

  it('refuses directory writes to everyone but admins', async () => {
    const res = await gql(t, w.chair, 'mutation { createTeam(input: { name: "Rogue" }) { id } }');
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('validates a child: one of dateOfBirth and expectedDateOfBirth, real dates, unique case reference', async () => {
    const register = (i: Record<string, unknown>) =>
      gql(t, w.admin, 'mutation($i: RegisterChildInput!) { registerChild(input: $i) { id } }', {
        i: { caseReference: 'X1', name: 'N', teamId: w.teamA.id, ...i },
      });
    expect((await register({})).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await register({ dateOfBirth: '2020-02-30' })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await register({ dateOfBirth: '2999-01-01' })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await register({ dateOfBirth: '2020-02-03', name: '   ' })).errors?.[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await register({ dateOfBirth: '2020-02-03' })).errors).toBeUndefined();
    expect((await register({ dateOfBirth: '2020-02-03' })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('records a birth once, and writes every change to the audit trail', async () => {
    const unborn = await w.child(w.teamA, { expectedDateOfBirth: '2026-12-20' });
    const born = await ok(
      t,
      w.admin,
      'mutation($id: ID!) { recordBirth(childId: $id, dateOfBirth: "2026-11-02") { dateOfBirth expectedDateOfBirth } }',
      { id: unborn },
    );
    expect(born.recordBirth).toEqual({ dateOfBirth: '2026-11-02', expectedDateOfBirth: '2026-12-20' });
    expect(
      await errorCode(
        t,
        w.admin,
        'mutation($id: ID!) { recordBirth(childId: $id, dateOfBirth: "2026-11-03") { id } }',
        { id: unborn },
      ),
    ).toBe('BAD_USER_INPUT');
    const events = await ok(
      t,
      w.auditor,
      'query($id: ID!) { auditEvents(filter: { entityId: $id }) { edges { node { action actor { id } } } } }',
      { id: unborn },
    );
    expect(events.auditEvents.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual([
      'CHILD_REGISTERED',
      'CHILD_BIRTH_RECORDED',
    ]);
  });

  it('answers working-day arithmetic in the authority calendar', async () => {
    const res = await ok(
      t,
      w.chair,
      '{ christmas: addWorkingDays(date: "2026-12-24", days: 1) friday: addWorkingDays(date: "2026-11-27", days: 1) }',
    );
    expect(res).toEqual({ christmas: '2026-12-29', friday: '2026-11-30' });
  });
});

describe('directory: moves and audit of team membership', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'dirmv');
  });
  afterAll(() => t.close());

  it('records the managers joining a new team in the audit trail', async () => {
    const events = await ok(
      t,
      w.auditor,
      'query($id: ID!) { auditEvents(filter: { entityId: $id }) { edges { node { action details } } } }',
      { id: w.teamA.manager.id },
    );
    // Named by createTeam, joined the team, then signed in: the roles from the token are a change too (issue 12).
    expect(
      events.auditEvents.edges.map((e: { node: { action: string; details: { via?: string } } }) => [
        e.node.action,
        e.node.details.via ?? null,
      ]),
    ).toEqual([
      ['STAFF_MEMBER_CREATED', null],
      ['STAFF_MEMBER_UPDATED', 'createTeam'],
      ['STAFF_MEMBER_UPDATED', 'token'],
    ]);
  });

  it('takes a social worker moved to another team out of the old team at once', async () => {
    const childA = await w.child(w.teamA);
    const q = 'query($id: ID!) { child(id: $id) { id } }';
    expect((await ok(t, w.teamA.socialWorker, q, { id: childA })).child.id).toBe(childA);
    await ok(t, w.admin, 'mutation($i: UpsertStaffMemberInput!) { upsertStaffMember(input: $i) { id } }', {
      i: { subject: w.teamA.socialWorker.sub, name: 'Moved', teamId: w.teamB.id },
    });
    // Another instance of the service would not have seen the upsert: simulate by moving in SQL too.
    await t.dataSource.query('UPDATE staff_member SET team_id = $2 WHERE id = $1', [
      w.teamA.socialWorker.id,
      w.teamA.id,
    ]);
    expect((await ok(t, w.teamA.socialWorker, q, { id: childA })).child.id).toBe(childA);
    await t.dataSource.query('UPDATE staff_member SET team_id = $2 WHERE id = $1', [
      w.teamA.socialWorker.id,
      w.teamB.id,
    ]);
    expect(await errorCode(t, w.teamA.socialWorker, q, { id: childA })).toBe('FORBIDDEN');
  });

  it('answers each of several mutations in one request with its own fresh state', async () => {
    const child = await w.child(w.teamB);
    const offer = (
      await ok(t, w.teamB.socialWorker, 'mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id } }', {
        i: { childId: child, offeredOn: '2026-11-02' },
      })
    ).offerAdvocate;
    const both = await ok(
      t,
      w.teamB.socialWorker,
      `mutation($id: ID!) {
      a: recordAdvocateResponse(input: { offerId: $id, accepted: true, respondedOn: "2026-11-03", expectedVersion: 1 }) { status version }
      b: allocateAdvocate(offerId: $id, advocateName: "Voice", expectedVersion: 2) { status version }
    }`,
      { id: offer.id },
    );
    expect(both).toEqual({ a: { status: 'ACCEPTED', version: 2 }, b: { status: 'ALLOCATED', version: 3 } });
  });
});
