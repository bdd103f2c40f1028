import { createHash } from 'node:crypto';

export interface HashedFields {
  authorityId: string;
  sequence: number;
  at: Date;
  actorId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  details: unknown;
  previousHash: string | null;
}

/** JSON with object keys sorted at every depth, so jsonb's own key order never matters. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 over the canonical form of exactly the stored values, previousHash included. */
export function auditHash(e: HashedFields): string {
  const canonical = canonicalJson([
    e.authorityId,
    e.sequence,
    e.at.toISOString(),
    e.actorId,
    e.entityType,
    e.entityId,
    e.action,
    e.fromStatus,
    e.toStatus,
    e.reason,
    e.details ?? null,
    e.previousHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
