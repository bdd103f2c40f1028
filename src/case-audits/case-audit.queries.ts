import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { notFound, notFoundField } from '../common/errors';
import { connection, decodeCursor, pageSize } from '../common/pagination';
import { CaseAuditStatus } from './case-audit.entity';
import { caseAuditFromRow, CaseAuditRow, CaseAuditType } from './case-audit.types';

const FROM = 'FROM case_audit ca JOIN child c ON c.id = ca.child_id';

/** Reads of case audits: one, or a keyset-paginated list newest audited first, scoped to the caller's teams. */
@Injectable()
export class CaseAuditQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
  ) {}

  async readable(user: CurrentUser, id: string): Promise<CaseAuditType> {
    const [row]: (CaseAuditRow & { child_team_id: string })[] = await this.dataSource.query(
      `SELECT ca.*, c.team_id AS child_team_id ${FROM} WHERE ca.id = $1 AND ca.authority_id = $2`,
      [id, user.authorityId],
    );
    if (!row) throw notFound('CaseAudit', id);
    this.policy.assertCanReadTeam(user, row.child_team_id, 'the case audit');
    return caseAuditFromRow(row);
  }

  async list(
    user: CurrentUser,
    filter: { childId?: string | null; status?: CaseAuditStatus | null; followUpOverdue?: boolean | null; today: string },
    first: number | null | undefined,
    after: string | null | undefined,
  ) {
    const { childId, status, followUpOverdue, today } = filter;
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const params: unknown[] = [user.authorityId];
    const where = ['ca.authority_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const scope = this.policy.teamScope(user);
    if (!scope.all) add((p) => `c.team_id = ${p}::uuid`, scope.teamId);
    if (childId) {
      const [child]: { team_id: string }[] = await this.dataSource.query('SELECT team_id FROM child WHERE id = $1 AND authority_id = $2', [childId, user.authorityId]);
      if (!child) throw notFoundField('childId', 'child');
      this.policy.assertCanReadTeam(user, child.team_id, 'that child');
      add((p) => `ca.child_id = ${p}::uuid`, childId);
    }
    if (status) add((p) => `ca.status = ${p}`, status);
    if (followUpOverdue != null) {
      add((p) => `${followUpOverdue ? '' : 'NOT '}EXISTS (SELECT 1 FROM action a WHERE a.authority_id = ca.authority_id AND a.subject_type = 'CaseAudit'
        AND a.subject_id = ca.id AND a.status = 'OPEN' AND a.due_by < ${p}::date)`, today);
    }
    const countParams = [...params];
    const countWhere = [...where];
    if (cursor) {
      params.push(cursor[0], cursor[1]);
      where.push(`(ca.audited_on, ca.id) < ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    params.push(size + 1);
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(`SELECT ca.* ${FROM} WHERE ${where.join(' AND ')} ORDER BY ca.audited_on DESC, ca.id DESC LIMIT $${params.length}`, params) as Promise<CaseAuditRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n ${FROM} WHERE ${countWhere.join(' AND ')}`, countParams) as Promise<{ n: number }[]>,
    ]);
    return { ...connection(rows, size, caseAuditFromRow, (r) => [r.audited_on, r.id]), totalCount: count.n };
  }
}
