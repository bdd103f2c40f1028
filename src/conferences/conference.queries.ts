import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { connection, decodeCursor, pageSize } from '../common/pagination';
import { ConferenceFilter } from './conference.inputs';
import { conferenceFromRow, ConferenceRow } from './conference.rows';
import { ConferenceConnection } from './conference.types';

/** conferences(filter, first, after): keyset pages in (due_by, id) order, within the caller's team scope. */
@Injectable()
export class ConferenceQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
  ) {}

  async list(user: CurrentUser, filter: ConferenceFilter | null | undefined, first?: number | null, after?: string | null): Promise<ConferenceConnection> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const f = filter ?? {};
    const params: unknown[] = [user.authorityId];
    const where = ['c.authority_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const scope = this.policy.teamScope(user);
    if (!scope.all) {
      if (f.teamId) await this.policy.assertTeamFilter(user, f.teamId);
      if (scope.teamId) add((p) => `c.team_id = ${p}`, scope.teamId);
      else where.push('false');
    }
    if (f.teamId) add((p) => `c.team_id = ${p}`, f.teamId);
    if (f.status?.length) add((p) => `c.status = ANY(${p})`, f.status);
    if (f.type) add((p) => `c.type = ${p}`, f.type);
    if (f.chairId) add((p) => `c.chair_id = ${p}`, f.chairId);
    if (f.dueFrom) add((p) => `c.due_by >= ${p}`, f.dueFrom);
    if (f.dueTo) add((p) => `c.due_by <= ${p}`, f.dueTo);
    if (f.childId) add((p) => `EXISTS (SELECT 1 FROM conference_child cc WHERE cc.conference_id = c.id AND cc.child_id = ${p})`, f.childId);
    const countParams = [...params];
    const countWhere = where.join(' AND ');
    if (cursor) {
      params.push(cursor[0], cursor[1]);
      where.push(`(c.due_by, c.id) > ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    params.push(size + 1);
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(`SELECT c.* FROM conference c WHERE ${where.join(' AND ')} ORDER BY c.due_by, c.id LIMIT $${params.length}`, params) as Promise<ConferenceRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM conference c WHERE ${countWhere}`, countParams) as Promise<{ n: number }[]>,
    ]);
    return { ...connection(rows, size, conferenceFromRow, (r) => [r.due_by, r.id]), totalCount: count.n };
  }
}
