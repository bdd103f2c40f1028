import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CurrentUser, Principal } from '../auth/principal';

const CACHE_TTL_MS = 30_000;

/** Authorities and staff as the tokens reveal them; teams and children as admins record them. */
@Injectable()
export class DirectoryService {
  private readonly callers = new Map<string, { user: CurrentUser; at: number }>();

  constructor(private readonly dataSource: DataSource) {}

  /** The token's subject as a staff member of the token's authority, both created on first sight. */
  async resolveCaller(principal: Principal): Promise<CurrentUser> {
    const key = `${principal.authority}\u0000${principal.subject}`;
    const cached = this.callers.get(key);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS && sameIdentity(cached.user, principal)) return cached.user;
    const user = await this.ensureCaller(principal);
    this.callers.set(key, { user, at: Date.now() });
    if (this.callers.size > 10_000) this.callers.delete(this.callers.keys().next().value as string);
    return user;
  }

  forget(authorityId: string, subject: string): void {
    for (const [key, entry] of this.callers) {
      if (entry.user.authorityId === authorityId && entry.user.subject === subject) this.callers.delete(key);
    }
  }

  private async ensureCaller(principal: Principal): Promise<CurrentUser> {
    return this.dataSource.transaction(async (manager) => {
      const authorityId = await this.ensureAuthority(manager, principal.authority);
      const rows: { id: string; team_id: string | null }[] = await manager.query(
        `INSERT INTO staff_member (authority_id, subject, name, roles) VALUES ($1, $2, $3, $4)
         ON CONFLICT (authority_id, subject) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, updated_at = now()
           WHERE staff_member.name IS DISTINCT FROM EXCLUDED.name OR staff_member.roles IS DISTINCT FROM EXCLUDED.roles
         RETURNING id, team_id`,
        [authorityId, principal.subject, principal.name, principal.roles],
      );
      const row = rows[0] ?? (await manager.query('SELECT id, team_id FROM staff_member WHERE authority_id = $1 AND subject = $2', [authorityId, principal.subject]))[0];
      return { ...principal, staffId: row.id, authorityId, teamId: row.team_id };
    });
  }

  private async ensureAuthority(manager: { query: DataSource['query'] }, code: string): Promise<string> {
    const existing: { id: string }[] = await manager.query('SELECT id FROM authority WHERE code = $1', [code]);
    if (existing[0]) return existing[0].id;
    const inserted: { id: string }[] = await manager.query(
      'INSERT INTO authority (code, name) VALUES ($1, $1) ON CONFLICT (code) DO NOTHING RETURNING id',
      [code],
    );
    return inserted[0]?.id ?? (await manager.query('SELECT id FROM authority WHERE code = $1', [code]))[0].id;
  }
}

const sameIdentity = (user: CurrentUser, principal: Principal) =>
  user.name === principal.name && user.roles.length === principal.roles.length && user.roles.every((r) => principal.roles.includes(r));
