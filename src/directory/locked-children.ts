import { EntityManager } from 'typeorm';
import { badField, DomainError } from '../common/errors';
import { LockedChildRecord, lockChildRows } from './child.repository';

// The children of a request, locked in id order for the rest of its transaction (conferences and
// s47 enquiries start from them): the child table's owner is the directory.
export type LockedChild = LockedChildRecord;

export async function lockChildren(
  manager: EntityManager,
  authorityId: string,
  childIds: string[],
  field: string,
): Promise<LockedChild[]> {
  const rows = await lockChildRows(manager, authorityId, childIds);
  const found = new Set(rows.map((r) => r.id));
  const missing = childIds.filter((id) => !found.has(id));
  // Another authority's child is no child at all: NOT_FOUND, never a hint that it exists.
  if (missing.length)
    throw new DomainError('NOT_FOUND', `${field}: no such child in your authority`, {
      fields: missing.map((id) => ({ field, message: `${id} is not a child of your authority` })),
    });
  return rows;
}

/** Our policy: one conference covers children of one team (the team whose staff see it). */
export function oneTeam(children: LockedChild[], field: string): string {
  const teams = new Set(children.map((c) => c.teamId));
  if (teams.size > 1) throw badField(field, 'must all belong to one team; request a conference per team');
  return children[0].teamId;
}
