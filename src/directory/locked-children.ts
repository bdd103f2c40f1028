import { EntityManager } from 'typeorm';
import { badField, DomainError } from '../common/errors';

// The children of a request, locked in id order for the rest of its transaction (conferences and
// s47 enquiries start from them): the child table's owner is the directory.
export interface LockedChild {
  id: string;
  team_id: string;
  case_reference: string;
  date_of_birth: string | null;
}

export async function lockChildren(manager: EntityManager, authorityId: string, childIds: string[], field: string): Promise<LockedChild[]> {
  const rows: LockedChild[] = await manager.query(
    'SELECT id, team_id, case_reference, date_of_birth FROM child WHERE id = ANY($1) AND authority_id = $2 ORDER BY id FOR UPDATE',
    [childIds, authorityId],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = childIds.filter((id) => !found.has(id));
  // Another authority's child is no child at all: NOT_FOUND, never a hint that it exists.
  if (missing.length) throw new DomainError('NOT_FOUND', `${field}: no such child in your authority`, { fields: missing.map((id) => ({ field, message: `${id} is not a child of your authority` })) });
  return rows;
}

/** Our policy: one conference covers children of one team (the team whose staff see it). */
export function oneTeam(children: LockedChild[], field: string): string {
  const teams = new Set(children.map((c) => c.team_id));
  if (teams.size > 1) throw badField(field, 'must all belong to one team; request a conference per team');
  return children[0].team_id;
}
