import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { auditHash, canonicalJson } from '../../src/audit/audit-hash';
import { leafHash } from '../../src/audit/merkle';
import { AuditRecord, AuditRepository } from '../../src/audit/audit.repository';
import { AuditEntry, AuditService } from '../../src/audit/audit.service';
import { Clock } from '../../src/clock/clock';
import { createDataSource } from '../../src/database/data-source';
import { testDatabaseUrl, uniqueAuthority } from '../helpers/test-app';

describe('audit chain', () => {
  let ds: DataSource;
  let audit: AuditService;
  let repository: AuditRepository;

  /** A fresh authority per test: each chain starts at 1 and is independent of the others. */
  const newAuthority = async (): Promise<string> => {
    const code = uniqueAuthority('audit');
    return (await ds.query('INSERT INTO authority (code, name) VALUES ($1, $1) RETURNING id', [code]))[0].id;
  };

  const entry = (authorityId: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
    authorityId,
    actorId: null,
    entityType: 'Probe',
    entityId: randomUUID(),
    action: 'PROBE_RECORDED',
    reason: 'because',
    details: { n: 1 },
    ...extra,
  });

  const append = (e: AuditEntry) => ds.transaction((m) => audit.append(m, e));
  const appendMany = async (authorityId: string, n: number) => {
    for (let i = 0; i < n; i++) await append(entry(authorityId, { details: { i } }));
  };
  /** The chain as the repository reads it back (camelCase records, the fields the hash covers). */
  const chain = (authorityId: string): Promise<AuditRecord[]> =>
    repository.eventsAfter(ds.manager, authorityId, 0, 1_000);

  /** Changes a stored event behind the service's back, as a superuser with the triggers off. */
  const tamper = (authorityId: string, sequence: number, set: string, params: unknown[]) =>
    ds.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query(`UPDATE audit_event SET ${set} WHERE authority_id = $1 AND sequence = $2`, [
        authorityId,
        sequence,
        ...params,
      ]);
    });

  beforeAll(async () => {
    ds = createDataSource(testDatabaseUrl(), { poolSize: 20 });
    await ds.initialize();
    repository = new AuditRepository(ds);
    audit = new AuditService(repository, Clock.system());
  });
  afterAll(() => ds.destroy());

  it('30 concurrent appends give a gapless chain 1..30, each linked to its predecessor, that verifies', async () => {
    const authorityId = await newAuthority();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => append(entry(authorityId, { details: { i } }))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const rows = await chain(authorityId);
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    rows.forEach((row, i) => {
      expect(row.previousHash).toBe(i === 0 ? null : rows[i - 1].hash);
      expect(auditHash(row)).toBe(row.hash);
    });
    expect(
      await ds.query('SELECT last_sequence, last_hash FROM audit_chain_head WHERE authority_id = $1', [authorityId]),
    ).toEqual([{ last_sequence: 30, last_hash: rows[29].hash }]);
    expect(await audit.verify(authorityId)).toEqual({ valid: true, eventsChecked: 30, firstInvalidSequence: null });
  });

  it('refuses to append outside a transaction, where the head lock would protect nothing', async () => {
    const authorityId = await newAuthority();
    await expect(audit.append(ds.manager, entry(authorityId))).rejects.toThrow(/inside the caller's transaction/);
    expect(await chain(authorityId)).toEqual([]);
  });

  it('an empty chain verifies', async () => {
    expect(await audit.verify(await newAuthority())).toEqual({
      valid: true,
      eventsChecked: 0,
      firstInvalidSequence: null,
    });
  });

  it('verify() never reports a healthy chain as broken while events are being appended', async () => {
    const authorityId = await newAuthority();
    await appendMany(authorityId, 3);
    const appends = Array.from({ length: 40 }, (_, i) => append(entry(authorityId, { details: { i } })));
    const verifications = Array.from({ length: 40 }, () => audit.verify(authorityId));
    await Promise.all(appends);
    for (const result of await Promise.all(verifications))
      expect(result).toMatchObject({ valid: true, firstInvalidSequence: null });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_event, whoever connects', async () => {
    const authorityId = await newAuthority();
    await appendMany(authorityId, 2);
    await expect(
      ds.query("UPDATE audit_event SET reason = 'rewritten' WHERE authority_id = $1", [authorityId]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(ds.query('DELETE FROM audit_event WHERE authority_id = $1', [authorityId])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(ds.query('TRUNCATE audit_event')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await chain(authorityId)).toHaveLength(2);
    expect((await audit.verify(authorityId)).valid).toBe(true);
  });

  it('reports exactly the tampered event when its reason is changed with the triggers off', async () => {
    const authorityId = await newAuthority();
    await appendMany(authorityId, 5);
    await tamper(authorityId, 3, 'reason = $3', ['nothing happened']);
    expect((await chain(authorityId))[2].reason).toBe('nothing happened');
    expect(await audit.verify(authorityId)).toEqual({ valid: false, eventsChecked: 3, firstInvalidSequence: 3 });
  });

  it('reports a change to nested details', async () => {
    const authorityId = await newAuthority();
    await append(entry(authorityId, { details: { outcome: { plan: true, categories: ['NEGLECT'] } } }));
    await append(entry(authorityId));
    await tamper(authorityId, 1, 'details = $3', [
      JSON.stringify({ outcome: { plan: false, categories: ['NEGLECT'] } }),
    ]);
    expect(await audit.verify(authorityId)).toMatchObject({ valid: false, firstInvalidSequence: 1 });
  });

  it('a tampered event whose hash is recomputed breaks the link to the next one', async () => {
    const authorityId = await newAuthority();
    await appendMany(authorityId, 4);
    const [second] = (await chain(authorityId)).filter((r) => r.sequence === 2);
    const forged = auditHash({ ...second, reason: 'forged' });
    await tamper(authorityId, 2, 'reason = $3, hash = $4', ['forged', forged]);
    expect(await audit.verify(authorityId)).toMatchObject({ valid: false, firstInvalidSequence: 3 });
  });

  it('reports events removed from the middle or the end of the chain', async () => {
    const middle = await newAuthority();
    await appendMany(middle, 4);
    await ds.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query('DELETE FROM audit_event WHERE authority_id = $1 AND sequence = 2', [middle]);
    });
    expect(await audit.verify(middle)).toMatchObject({ valid: false, firstInvalidSequence: 2 });

    const end = await newAuthority();
    await appendMany(end, 4);
    await ds.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query('DELETE FROM audit_event WHERE authority_id = $1 AND sequence = 4', [end]);
    });
    expect(await audit.verify(end)).toMatchObject({ valid: false, firstInvalidSequence: 4 });
  });

  it('hashes exactly the stored values: `at` to the millisecond, details as jsonb gives them back', async () => {
    const authorityId = await newAuthority();
    const returned = await append(
      entry(authorityId, {
        details: {
          zeta: 1,
          alpha: { y: [3, { b: 2, a: 1 }], x: 'é' },
          when: new Date('2026-01-02T03:04:05.678Z'),
        } as never,
      }),
    );
    const stored = (await chain(authorityId)).find((e) => e.id === returned.id)!;
    expect(returned).toEqual(stored);
    expect(stored.at).toBeInstanceOf(Date);
    expect(stored.at.getTime()).toBe(returned.at.getTime());
    expect(
      (
        await ds.query("SELECT to_char(at AT TIME ZONE 'UTC', 'US') AS us FROM audit_event WHERE id = $1", [
          returned.id,
        ])
      )[0].us.slice(3),
    ).toBe('000');
    expect(auditHash(stored)).toBe(stored.hash);
    expect(stored.details).toEqual({
      zeta: 1,
      alpha: { y: [3, { b: 2, a: 1 }], x: 'é' },
      when: '2026-01-02T03:04:05.678Z',
    });
  });

  it('details with the same keys in a different order, at any depth, hash identically', async () => {
    const one = { a: 1, b: { c: [1, { d: 1, e: 2 }], f: null } };
    const two = { b: { f: null, c: [1, { e: 2, d: 1 }] }, a: 1 };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    const fields = { ...(await chain(await newAuthorityWithEvent()))[0] };
    expect(auditHash({ ...fields, details: one })).toBe(auditHash({ ...fields, details: two }));
    expect(auditHash({ ...fields, details: one })).not.toBe(auditHash({ ...fields, details: { ...one, a: 2 } }));
    // Array order is meaningful and stays so.
    expect(canonicalJson({ c: [1, 2] })).not.toBe(canonicalJson({ c: [2, 1] }));
  });

  it('an event stored before the repository existed (a snake_case row, hashed by position) still verifies and reads back as stored', async () => {
    const authorityId = await newAuthority();
    const stored = {
      authorityId,
      sequence: 1,
      at: new Date('2026-03-04T05:06:07.890Z'),
      actorId: null,
      entityType: 'Child',
      entityId: randomUUID(),
      action: 'CHILD_REGISTERED',
      fromStatus: 'A',
      toStatus: 'B',
      reason: 'why',
      details: { b: [1, { d: 'é', c: null }], a: true },
      previousHash: null,
    };
    const hash = auditHash(stored);
    await ds.query(
      `INSERT INTO audit_event (authority_id, sequence, at, actor_id, entity_type, entity_id, action, from_status, to_status, reason, details, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        authorityId,
        1,
        stored.at,
        null,
        'Child',
        stored.entityId,
        'CHILD_REGISTERED',
        'A',
        'B',
        'why',
        JSON.stringify(stored.details),
        null,
        hash,
      ],
    );
    await ds.query('INSERT INTO audit_merkle_node (authority_id, level, node_index, hash) VALUES ($1, 0, 0, $2)', [
      authorityId,
      leafHash(hash),
    ]);
    await ds.query(
      'INSERT INTO audit_chain_head (authority_id, last_sequence, last_hash, frontier) VALUES ($1, 1, $2, $3)',
      [authorityId, hash, [leafHash(hash)]],
    );
    expect(await audit.verify(authorityId)).toEqual({ valid: true, eventsChecked: 1, firstInvalidSequence: null });
    const [read] = await chain(authorityId);
    expect(read).toEqual({ id: expect.any(String), ...stored, hash });
    await append(entry(authorityId));
    const [, next] = await chain(authorityId);
    expect(next).toMatchObject({ sequence: 2, previousHash: hash });
    expect(await audit.verify(authorityId)).toEqual({ valid: true, eventsChecked: 2, firstInvalidSequence: null });
  });

  async function newAuthorityWithEvent(): Promise<string> {
    const authorityId = await newAuthority();
    await append(entry(authorityId));
    return authorityId;
  }
});
