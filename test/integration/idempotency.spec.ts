import { randomUUID } from 'node:crypto';
import { Role } from '../../src/auth/role';
import { gql, GqlResult, ok, Person, startTestApp, TestApp, uniqueAuthority } from '../helpers/test-app';

const CREATE_TEAM = 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id name } }';
const UPSERT_STAFF = 'mutation($i: UpsertStaffMemberInput!) { upsertStaffMember(input: $i) { id } }';

describe('Idempotency-Key on create mutations', () => {
  let t: TestApp;
  const authority = uniqueAuthority('idem');
  const admin: Person = { sub: 'admin-1', roles: [Role.ADMIN], authority };
  const admin2: Person = { sub: 'admin-2', roles: [Role.ADMIN], authority };
  let authorityId: string;

  const createTeam = (who: Person, name: string, key?: string): Promise<GqlResult> =>
    gql(t, who, CREATE_TEAM, { i: { name } }, key ? { 'idempotency-key': key } : {});
  const teamsNamed = async (name: string) =>
    (await t.dataSource.query('SELECT id FROM team WHERE authority_id = $1 AND name = $2', [authorityId, name])).map(
      (r: { id: string }) => r.id,
    );
  const eventsFor = async (entityId: string) =>
    (
      await t.dataSource.query('SELECT action FROM audit_event WHERE authority_id = $1 AND entity_id = $2', [
        authorityId,
        entityId,
      ])
    ).map((r: { action: string }) => r.action);
  const newKey = () => `k-${randomUUID()}`;

  beforeAll(async () => {
    t = await startTestApp();
    await ok(t, admin, '{ me { id } }');
    await ok(t, admin2, '{ me { id } }');
    authorityId = (await t.dataSource.query('SELECT id FROM authority WHERE code = $1', [authority]))[0].id;
  });
  afterAll(() => t.close());

  it('the same key with the same input returns the first result and creates nothing new', async () => {
    const key = newKey();
    const first = await createTeam(admin, 'Repeat', key);
    const second = await createTeam(admin, 'Repeat', key);
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data!.createTeam).toEqual(first.data!.createTeam);
    expect(await teamsNamed('Repeat')).toEqual([first.data!.createTeam.id]);
    expect(await eventsFor(first.data!.createTeam.id)).toEqual(['TEAM_CREATED']);
  });

  it('without a key, a repeat is a new command (here refused: the name is taken)', async () => {
    expect((await createTeam(admin, 'Unkeyed')).errors).toBeUndefined();
    expect((await createTeam(admin, 'Unkeyed')).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('the same key with a different input is CONFLICT, and changes nothing', async () => {
    const key = newKey();
    const first = await ok(t, admin, CREATE_TEAM, { i: { name: 'Original' } }, { 'idempotency-key': key });
    const res = await createTeam(admin, 'Different', key);
    expect(res.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(await teamsNamed('Different')).toEqual([]);
    // One key serves one operation: the same key on another mutation is also a conflict.
    const other = await gql(
      t,
      admin,
      UPSERT_STAFF,
      { i: { subject: 'someone', name: 'Someone' } },
      { 'idempotency-key': key },
    );
    expect(other.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(await teamsNamed('Original')).toEqual([first.createTeam.id]);
  });

  it('10 concurrent duplicates have one effect, and all return the same id', async () => {
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 10 }, () => createTeam(admin, 'Stampede', key)));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const ids = new Set(results.map((r) => r.data!.createTeam.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(await teamsNamed('Stampede')).toEqual([id]);
    expect(await eventsFor(id)).toEqual(['TEAM_CREATED']);
  });

  it('keys belong to a subject: another subject with the same key is independent', async () => {
    const key = newKey();
    const mine = await ok(t, admin, CREATE_TEAM, { i: { name: 'Mine' } }, { 'idempotency-key': key });
    const theirs = await ok(t, admin2, CREATE_TEAM, { i: { name: 'Theirs' } }, { 'idempotency-key': key });
    expect(theirs.createTeam.id).not.toBe(mine.createTeam.id);
    expect(await teamsNamed('Theirs')).toEqual([theirs.createTeam.id]);
    // The same subject and key in another authority is a different key too.
    const elsewhere: Person = { ...admin, authority: uniqueAuthority('idem2') };
    expect(
      (await ok(t, elsewhere, CREATE_TEAM, { i: { name: 'Mine' } }, { 'idempotency-key': key })).createTeam.id,
    ).not.toBe(mine.createTeam.id);
  });

  it('a key older than 24 hours may be reused for a new command', async () => {
    const key = newKey();
    const old = await ok(t, admin, CREATE_TEAM, { i: { name: 'Last year' } }, { 'idempotency-key': key });
    await t.dataSource.query(
      "UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE authority_id = $1 AND subject = $2 AND key = $3",
      [authorityId, admin.sub, key],
    );
    const fresh = await ok(t, admin, CREATE_TEAM, { i: { name: 'This year' } }, { 'idempotency-key': key });
    expect(fresh.createTeam.id).not.toBe(old.createTeam.id);
    // ... and is then bound to the new command.
    expect(
      (await ok(t, admin, CREATE_TEAM, { i: { name: 'This year' } }, { 'idempotency-key': key })).createTeam.id,
    ).toBe(fresh.createTeam.id);
    expect((await createTeam(admin, 'Last year', key)).errors?.[0].extensions.code).toBe('CONFLICT');
  });

  it('a failed command does not use up its key', async () => {
    const key = newKey();
    const refused = await gql(
      t,
      admin,
      'mutation($i: RegisterChildInput!) { registerChild(input: $i) { id } }',
      { i: { caseReference: 'R1', name: 'N', teamId: randomUUID(), dateOfBirth: '2020-01-01' } },
      { 'idempotency-key': key },
    );
    expect(refused.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await createTeam(admin, 'After a failure', key)).errors).toBeUndefined();
  });

  it('refuses a malformed key as BAD_USER_INPUT', async () => {
    const res = await createTeam(admin, 'Bad key', 'has spaces and ünïcode');
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'Idempotency-Key' }],
    });
    expect((await createTeam(admin, 'Long key', 'k'.repeat(201))).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
