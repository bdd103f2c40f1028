import { auditHash } from '../../src/audit/audit-hash';

/**
 * The hashed representation of an audit event is fixed: every stored chain, every export and every
 * signed checkpoint depends on it. This value was computed before the audit trail's SQL moved into
 * AuditRepository (issue 11) and must never change.
 */
describe('auditHash', () => {
  it('hashes the fields by position, exactly as stored chains were hashed', () => {
    expect(
      auditHash({
        authorityId: '00000000-0000-4000-8000-000000000001',
        sequence: 2,
        at: new Date('2026-03-04T05:06:07.890Z'),
        actorId: '00000000-0000-4000-8000-000000000002',
        entityType: 'Child',
        entityId: '00000000-0000-4000-8000-000000000003',
        action: 'CHILD_REGISTERED',
        fromStatus: 'A',
        toStatus: 'B',
        reason: 'why',
        details: { b: [1, { d: 'é', c: null }], a: true },
        previousHash: 'ab'.repeat(32),
      }),
    ).toBe('4e7261fe5e1338933763ad55811d1e7007e466bacf52343a5d2e4a4d0096639b');
  });
});
