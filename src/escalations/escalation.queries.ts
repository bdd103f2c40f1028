import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { notFound } from '../common/errors';
import { connection, decodeCursor, pageSize } from '../common/pagination';
import { escalationFromRow, EscalationFilter, EscalationRow, EscalationType } from './escalation.types';

/** Reads of escalations: one, or a keyset-paginated list newest raised first. */
@Injectable()
export class EscalationQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
  ) {}

  async readable(user: CurrentUser, id: string): Promise<EscalationType> {
    const [row]: EscalationRow[] = await this.dataSource.query(
      'SELECT e.*, c.team_id FROM escalation e JOIN child c ON c.id = e.child_id WHERE e.id = $1 AND e.authority_id = $2',
      [id, user.authorityId],
    );
    if (!row) throw notFound('Escalation', id);
    this.policy.assertCanReadTeam(user, row.team_id, 'the escalation');
    return escalationFromRow(row);
  }

  /** Ordered by raised date, newest first (then id), so that pages are stable under inserts. */
  async list(user: CurrentUser, filter: EscalationFilter | null | undefined, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const { where, params } = await this.filterSql(user, filter);
    const from = 'FROM escalation e JOIN child c ON c.id = e.child_id';
    const countParams = [...params];
    const countWhere = [...where];
    if (cursor) {
      params.push(cursor[0], cursor[1]);
      where.push(`(e.raised_on, e.id) < ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    params.push(size + 1);
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(`SELECT e.*, c.team_id ${from} WHERE ${where.join(' AND ')} ORDER BY e.raised_on DESC, e.id DESC LIMIT $${params.length}`, params) as Promise<EscalationRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n ${from} WHERE ${countWhere.join(' AND ')}`, countParams) as Promise<{ n: number }[]>,
    ]);
    return { ...connection(rows, size, escalationFromRow, (r) => [r.raised_on, r.id]), totalCount: count.n };
  }

  /**
   * The list's WHERE (over `escalation e JOIN child c`) with its parameters, scoped and authorised
   * for the caller: shared with the auditors' CSV export (src/exports), so both filter alike.
   */
  async filterSql(user: CurrentUser, filter: EscalationFilter | null | undefined): Promise<{ where: string[]; params: unknown[] }> {
    const params: unknown[] = [user.authorityId];
    const where = ['e.authority_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const scope = this.policy.teamScope(user);
    if (!scope.all) add((p) => `c.team_id = ${p}::uuid`, scope.teamId);
    if (filter?.teamId) {
      await this.policy.assertTeamFilter(user, filter.teamId);
      add((p) => `c.team_id = ${p}::uuid`, filter.teamId);
    }
    if (filter?.status?.length) add((p) => `e.status = ANY(${p})`, filter.status);
    if (filter?.stage != null) add((p) => `e.stage = ${p}`, filter.stage);
    if (filter?.raisedById) add((p) => `e.raised_by_id = ${p}::uuid`, filter.raisedById);
    if (filter?.childId) add((p) => `e.child_id = ${p}::uuid`, filter.childId);
    if (filter?.raisedFrom) add((p) => `e.raised_on >= ${p}::date`, filter.raisedFrom);
    if (filter?.raisedTo) add((p) => `e.raised_on <= ${p}::date`, filter.raisedTo);
    if (filter?.breached != null) add((p) => `e.breached = ${p}`, filter.breached);
    return { where, params };
  }
}
