/**
 * Acceptance (black box): directory, identity, tenancy, team isolation, input rules.
 * Uses only operations and fields of /work/shared/design/contract.graphql.
 */
import { gql, ok, Person, startTestApp, TestApp, uniqueAuthority } from '../helpers/test-app';
import { buildWorld, World } from '../helpers/world';
import { Role } from '../../src/auth/role';

const CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'INVALID_TRANSITION',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
];
const CREATE_TEAM = `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id name manager { id subject name } serviceManager { id subject } } }`;
const UPSERT = `mutation($i: UpsertStaffMemberInput!) { upsertStaffMember(input: $i) { id subject name roles team { id name } } }`;
const REGISTER = `mutation($i: RegisterChildInput!) { registerChild(input: $i) { id caseReference name dateOfBirth expectedDateOfBirth team { id }
  conferences { id } activePlan { id } plans { id } advocateOffers { id } escalations { id } } }`;
const CHILD = `query($id: ID!) { child(id: $id) { id name caseReference dateOfBirth expectedDateOfBirth team { id name } } }`;
const ME = `{ me { id subject name roles team { id name manager { id } serviceManager { id } } } }`;

describe('acceptance: directory and identity', () => {
  let t: TestApp;
  let w: World;
  let seq = 0;
  const ref = () => `ACC-${Date.now()}-${++seq}`;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, 'accdir');
  });
  afterAll(() => t.close());

  const expectCode = async (who: Person | string | null, q: string, v: Record<string, unknown>, code: string) => {
    const r = await gql(t, who, q, v);
    expect(r.status).toBeLessThan(500);
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    return r;
  };

  it('me returns the caller, with roles from the token', async () => {
    const me = (await ok(t, w.chair, ME)).me;
    expect(me).toMatchObject({ id: w.chair.id, subject: w.chair.sub, name: 'chair', roles: ['CHAIR'], team: null });
    const p: Person = {
      sub: `multi-${w.authority}`,
      roles: [Role.CHAIR, Role.ADMIN],
      authority: w.authority,
      name: 'Multi Role',
    };
    const m = (await ok(t, p, ME)).me;
    expect([...m.roles].sort()).toEqual(['ADMIN', 'CHAIR']);
    // roles always come from the token
    const m2 = (await ok(t, { ...p, roles: [Role.AUDITOR] }, ME)).me;
    expect(m2.id).toBe(m.id);
    expect(m2.roles).toEqual(['AUDITOR']);
  });

  it('createTeam names its manager and service manager by subject; they are the same staff when they sign in', async () => {
    const mgrSub = `mgr-${w.authority}-x`;
    const smSub = `sm-${w.authority}-x`;
    const team = (
      await ok(t, w.admin, CREATE_TEAM, {
        i: { name: '  Team X  ', managerSubject: mgrSub, serviceManagerSubject: smSub },
      })
    ).createTeam;
    expect(team.name).toBe('Team X');
    expect(team.manager.subject).toBe(mgrSub);
    expect(team.serviceManager.subject).toBe(smSub);
    const me = (await ok(t, { sub: mgrSub, name: 'Manager X', roles: [Role.TEAM_MANAGER], authority: w.authority }, ME))
      .me;
    expect(me.id).toBe(team.manager.id);
    expect(me.team?.id).toBe(team.id);
    const sm = (await ok(t, { sub: smSub, name: 'SM X', roles: [Role.SERVICE_MANAGER], authority: w.authority }, ME))
      .me;
    expect(sm.id).toBe(team.serviceManager.id);
  });

  it('createTeam without managers works; name rules', async () => {
    const team = (await ok(t, w.admin, CREATE_TEAM, { i: { name: 'Bare team' } })).createTeam;
    expect(team).toMatchObject({ name: 'Bare team', manager: null, serviceManager: null });
    await expectCode(w.admin, CREATE_TEAM, { i: { name: '   ' } }, 'BAD_USER_INPUT');
    await expectCode(w.admin, CREATE_TEAM, { i: { name: 'x'.repeat(201) } }, 'BAD_USER_INPUT');
    await ok(t, w.admin, CREATE_TEAM, { i: { name: 'y'.repeat(200) } });
  });

  it('BAD_USER_INPUT carries extensions.fields', async () => {
    const r = await gql(t, w.admin, CREATE_TEAM, { i: { name: '' } });
    expect(r.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].extensions.fields).toBeTruthy();
  });

  it('upsertStaffMember creates then updates the same staff member', async () => {
    const sub = `new-${w.authority}`;
    const a = (await ok(t, w.admin, UPSERT, { i: { subject: sub, name: '  Ann Worker ', teamId: w.teamA.id } }))
      .upsertStaffMember;
    expect(a).toMatchObject({ subject: sub, name: 'Ann Worker', team: { id: w.teamA.id } });
    const b = (await ok(t, w.admin, UPSERT, { i: { subject: sub, name: 'Ann B. Worker', teamId: w.teamB.id } }))
      .upsertStaffMember;
    expect(b.id).toBe(a.id);
    expect(b).toMatchObject({ name: 'Ann B. Worker', team: { id: w.teamB.id } });
    const me = (await ok(t, { sub, roles: [Role.SOCIAL_WORKER], authority: w.authority, name: 'Ann B. Worker' }, ME))
      .me;
    expect(me.id).toBe(a.id);
    expect(me.team.id).toBe(w.teamB.id);
    await expectCode(w.admin, UPSERT, { i: { subject: sub, name: '' } }, 'BAD_USER_INPUT');
    await expectCode(w.admin, UPSERT, { i: { subject: sub, name: 'n'.repeat(201) } }, 'BAD_USER_INPUT');
    await expectCode(w.admin, UPSERT, { i: { subject: '  ', name: 'x' } }, 'BAD_USER_INPUT');
    await expectCode(w.chair, UPSERT, { i: { subject: sub, name: 'x' } }, 'FORBIDDEN');
  });

  it('registerChild (born and unborn) with contract fields only', async () => {
    const born = (
      await ok(t, w.admin, REGISTER, {
        i: { caseReference: ref(), name: ' Amy Born ', dateOfBirth: '2015-03-04', teamId: w.teamA.id },
      })
    ).registerChild;
    expect(born).toMatchObject({
      name: 'Amy Born',
      dateOfBirth: '2015-03-04',
      expectedDateOfBirth: null,
      team: { id: w.teamA.id },
      conferences: [],
      activePlan: null,
      plans: [],
      advocateOffers: [],
      escalations: [],
    });
    const unborn = (
      await ok(t, w.admin, REGISTER, {
        i: { caseReference: ref(), name: 'Baby Unborn', expectedDateOfBirth: '2027-01-15', teamId: w.teamA.id },
      })
    ).registerChild;
    expect(unborn).toMatchObject({ dateOfBirth: null, expectedDateOfBirth: '2027-01-15' });
    const read = (await ok(t, w.teamA.socialWorker, CHILD, { id: unborn.id })).child;
    expect(read).toMatchObject({
      id: unborn.id,
      dateOfBirth: null,
      expectedDateOfBirth: '2027-01-15',
      team: { id: w.teamA.id },
    });
  });

  it('registerChild input rules', async () => {
    await expectCode(
      w.admin,
      REGISTER,
      { i: { caseReference: ref(), name: '', dateOfBirth: '2015-03-04', teamId: w.teamA.id } },
      'BAD_USER_INPUT',
    );
    await expectCode(
      w.admin,
      REGISTER,
      { i: { caseReference: ref(), name: 'n'.repeat(201), dateOfBirth: '2015-03-04', teamId: w.teamA.id } },
      'BAD_USER_INPUT',
    );
    await expectCode(
      w.admin,
      REGISTER,
      { i: { caseReference: ref(), name: 'X', dateOfBirth: '2026-02-30', teamId: w.teamA.id } },
      'BAD_USER_INPUT',
    );
    await expectCode(
      w.admin,
      REGISTER,
      { i: { caseReference: ref(), name: 'X', dateOfBirth: '26-01-01', teamId: w.teamA.id } },
      'BAD_USER_INPUT',
    );
    await expectCode(
      w.admin,
      REGISTER,
      { i: { caseReference: ref(), name: 'X', dateOfBirth: '2015-3-4', teamId: w.teamA.id } },
      'BAD_USER_INPUT',
    );
    await expectCode(
      w.admin,
      REGISTER,
      { i: { caseReference: ref(), name: 'X', dateOfBirth: '2015-03-04T00:00:00Z', teamId: w.teamA.id } },
      'BAD_USER_INPUT',
    );
    await expectCode(
      w.admin,
      REGISTER,
      { i: { caseReference: '  ', name: 'X', dateOfBirth: '2015-03-04', teamId: w.teamA.id } },
      'BAD_USER_INPUT',
    );
    // neither a date of birth nor an expected one
    await expectCode(
      w.admin,
      REGISTER,
      { i: { caseReference: ref(), name: 'X', teamId: w.teamA.id } },
      'BAD_USER_INPUT',
    );
    // a born child's date of birth is something that happened
    await expectCode(
      w.admin,
      REGISTER,
      { i: { caseReference: ref(), name: 'X', dateOfBirth: '2030-01-01', teamId: w.teamA.id } },
      'BAD_USER_INPUT',
    );
    // unknown team
    await expectCode(
      w.admin,
      REGISTER,
      {
        i: {
          caseReference: ref(),
          name: 'X',
          dateOfBirth: '2015-03-04',
          teamId: '00000000-0000-0000-0000-000000000000',
        },
      },
      'NOT_FOUND',
    );
    const bad = await gql(t, w.admin, REGISTER, {
      i: { caseReference: ref(), name: 'X', dateOfBirth: '2015-03-04', teamId: 'not-an-id' },
    });
    expect(['NOT_FOUND', 'BAD_USER_INPUT']).toContain(bad.errors?.[0].extensions.code);
    // duplicate case reference in the authority
    const r = ref();
    await ok(t, w.admin, REGISTER, {
      i: { caseReference: r, name: 'X', dateOfBirth: '2015-03-04', teamId: w.teamA.id },
    });
    const dup = await gql(t, w.admin, REGISTER, {
      i: { caseReference: r, name: 'Y', dateOfBirth: '2015-03-04', teamId: w.teamA.id },
    });
    expect(dup.status).toBeLessThan(500);
    expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(dup.errors?.[0].extensions.code);
  });

  it('recordBirth sets the date of birth of an unborn child', async () => {
    const id = await w.child(w.teamA, { expectedDateOfBirth: '2026-12-20' });
    const BIRTH = `mutation($id: ID!, $d: Date!) { recordBirth(childId: $id, dateOfBirth: $d) { id dateOfBirth expectedDateOfBirth } }`;
    await expectCode(w.admin, BIRTH, { id, d: '2099-01-01' }, 'BAD_USER_INPUT');
    await expectCode(w.admin, BIRTH, { id, d: '2026-02-30' }, 'BAD_USER_INPUT');
    await expectCode(w.auditor, BIRTH, { id, d: '2026-11-20' }, 'FORBIDDEN');
    const c = (await ok(t, w.admin, BIRTH, { id, d: '2026-11-20' })).recordBirth;
    expect(c.dateOfBirth).toBe('2026-11-20');
    const again = await gql(t, w.admin, BIRTH, { id, d: '2026-11-21' });
    expect(again.status).toBeLessThan(500);
    expect(['INVALID_TRANSITION', 'BAD_USER_INPUT']).toContain(again.errors?.[0].extensions.code);
  });

  it('tenant isolation: another authority sees NOT_FOUND, exactly as for a missing id', async () => {
    const child = await w.child(w.teamA);
    const otherAdmin: Person = {
      sub: `admin-${uniqueAuthority('o')}`,
      roles: [Role.ADMIN, Role.CHAIR, Role.AUDITOR],
      authority: uniqueAuthority('other'),
    };
    const other = await gql(t, otherAdmin, CHILD, { id: child });
    const missing = await gql(t, otherAdmin, CHILD, { id: '00000000-0000-0000-0000-000000000000' });
    expect(other.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(other.errors?.[0].message).toBe(
      missing.errors?.[0].message.replace('00000000-0000-0000-0000-000000000000', child),
    );
    const probes: [string, string, Record<string, unknown>][] = [
      [
        'registerChild(teamId of another authority)',
        REGISTER,
        { i: { caseReference: ref(), name: 'X', dateOfBirth: '2015-03-04', teamId: w.teamA.id } },
      ],
      [
        'requestInitialConference(child of another authority)',
        `mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }`,
        { i: { childIds: [child], strategyDiscussionDate: '2026-11-02' } },
      ],
      [
        'raiseEscalation(child of another authority)',
        `mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id } }`,
        { i: { childId: child, concern: 'OTHER', summary: 'x', raisedOn: '2026-11-02' } },
      ],
      [
        'recordBirth(child of another authority)',
        `mutation($id: ID!) { recordBirth(childId: $id, dateOfBirth: "2026-11-01") { id } }`,
        { id: child },
      ],
      [
        'offerAdvocate(child of another authority)',
        `mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id } }`,
        { i: { childId: child, offeredOn: '2026-11-02' } },
      ],
      [
        'upsertStaffMember(teamId of another authority)',
        UPSERT,
        { i: { subject: 'zz', name: 'zz', teamId: w.teamA.id } },
      ],
    ];
    const got: string[] = [];
    for (const [name, q, v] of probes) {
      const r = await gql(t, otherAdmin, q, v);
      got.push(`${name}: ${r.errors?.[0]?.extensions?.code ?? 'OK'}`);
    }
    expect(got).toEqual(probes.map(([name]) => `${name}: NOT_FOUND`));
    // the same subject in another authority is another person
    const same = (await ok(t, { ...w.chair, authority: otherAdmin.authority }, ME)).me;
    expect(same.id).not.toBe(w.chair.id);
  });

  it("team isolation: other teams' social workers and team managers are FORBIDDEN", async () => {
    const child = await w.child(w.teamA);
    await ok(t, w.teamA.socialWorker, CHILD, { id: child });
    await ok(t, w.teamA.manager, CHILD, { id: child });
    await ok(t, w.chair, CHILD, { id: child });
    await ok(t, w.auditor, CHILD, { id: child });
    await expectCode(w.teamB.socialWorker, CHILD, { id: child }, 'FORBIDDEN');
    await expectCode(w.teamB.manager, CHILD, { id: child }, 'FORBIDDEN');
  });

  it('AUDITOR writes nothing', async () => {
    const child = await w.child(w.teamA);
    const writes: [string, Record<string, unknown>][] = [
      [CREATE_TEAM, { i: { name: 'Audit team' } }],
      [UPSERT, { i: { subject: 'x-aud', name: 'x' } }],
      [REGISTER, { i: { caseReference: ref(), name: 'X', dateOfBirth: '2015-03-04', teamId: w.teamA.id } }],
      [
        `mutation($i: RequestInitialConferenceInput!) { requestInitialConference(input: $i) { id } }`,
        { i: { childIds: [child], strategyDiscussionDate: '2026-11-02' } },
      ],
      [
        `mutation($i: RequestTransferInConferenceInput!) { requestTransferInConference(input: $i) { id } }`,
        { i: { childIds: [child], transferNotifiedOn: '2026-11-02' } },
      ],
      [
        `mutation($i: RaiseEscalationInput!) { raiseEscalation(input: $i) { id } }`,
        { i: { childId: child, concern: 'OTHER', summary: 'x', raisedOn: '2026-11-02' } },
      ],
      [
        `mutation($i: RecordConversationInput!) { recordConversation(input: $i) { id } }`,
        { i: { childId: child, withStaffId: w.teamA.socialWorker.id, heldOn: '2026-11-02', summary: 'x' } },
      ],
      [
        `mutation($i: OfferAdvocateInput!) { offerAdvocate(input: $i) { id } }`,
        { i: { childId: child, offeredOn: '2026-11-02' } },
      ],
      [`mutation { runDeadlineSweep { breachedStages } }`, {}],
    ];
    for (const [q, v] of writes) await expectCode(w.auditor, q, v, 'FORBIDDEN');
  });

  it('authentication: no token or a bad token is UNAUTHENTICATED, without a 5xx', async () => {
    await expectCode(null, ME, {}, 'UNAUTHENTICATED');
    await expectCode('Bearer not.a.jwt', ME, {}, 'UNAUTHENTICATED');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({
        sub: 'x',
        name: 'x',
        roles: ['ADMIN'],
        authority: 'a',
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    ).toString('base64url');
    await expectCode(`Bearer ${header}.${body}.`, ME, {}, 'UNAUTHENTICATED');
  });

  it('every error code is one of the CONTRACT list', async () => {
    const probes = [
      await gql(t, w.admin, CHILD, { id: 'garbage' }),
      await gql(t, w.admin, CHILD, { id: '' }),
      await gql(t, w.admin, REGISTER, {
        i: { caseReference: ref(), name: 'X', dateOfBirth: '9999-99-99', teamId: w.teamA.id },
      }),
      await gql(t, w.admin, '{ addWorkingDays(date: "2026-02-29", days: 1) }'),
      await gql(t, w.admin, '{ conferences(first: -1) { totalCount } }'),
    ];
    for (const r of probes) {
      expect(r.status).toBeLessThan(500);
      expect(r.errors?.length).toBeGreaterThan(0);
      for (const e of r.errors!) expect(CODES).toContain(e.extensions?.code);
    }
  });

  it('addWorkingDays follows the England and Wales calendar and the convention', async () => {
    const cases: [string, number, string][] = [
      ['2026-11-27', 1, '2026-11-30'], // Fri + 1 = Mon
      ['2026-11-28', 1, '2026-11-30'], // Sat + 1 = Mon
      ['2026-12-24', 1, '2026-12-29'], // Christmas, Boxing Day substitute (28th)
      ['2022-06-01', 1, '2022-06-06'], // Platinum Jubilee
      ['2022-09-16', 1, '2022-09-20'], // State funeral
      ['2023-05-05', 1, '2023-05-09'], // Coronation
      ['2020-05-07', 1, '2020-05-11'], // VE day moved
      ['2026-05-01', 15, '2026-05-26'],
      ['2026-04-02', 1, '2026-04-07'], // Easter
      ['2026-01-01', 0, '2026-01-01'],
    ];
    for (const [d, n, e] of cases)
      expect([
        d,
        n,
        (await ok(t, w.chair, `query($d: Date!, $n: Int!) { addWorkingDays(date: $d, days: $n) }`, { d, n }))
          .addWorkingDays,
      ]).toEqual([d, n, e]);
  });
});
