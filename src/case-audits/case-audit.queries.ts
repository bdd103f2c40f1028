import { Injectable } from '@nestjs/common';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { notFound } from '../common/errors';
import { connection, decodeCursor, pageSize } from '../common/pagination';
import { DirectoryService } from '../directory/directory.service';
import { CaseAuditStatus } from './case-audit.entity';
import { CaseAuditListFilter, CaseAuditRepository } from './case-audit.repository';
import { caseAuditFromRecord, CaseAuditPage, CaseAuditType } from './case-audit.types';
import { ReadPool } from '../common/read-pool';

/** Reads of case audits: one, or a keyset-paginated list newest audited first, scoped to the caller's teams. */
@Injectable()
export class CaseAuditQueries {
  constructor(
    private readonly reads: ReadPool,
    private readonly policy: PolicyService,
    private readonly audits: CaseAuditRepository,
    private readonly directory: DirectoryService,
  ) {}

  async readable(user: CurrentUser, id: string): Promise<CaseAuditType> {
    const row = await this.audits.findWithChildTeam(this.reads, user.authorityId, id);
    if (!row) throw notFound('CaseAudit', id);
    this.policy.assertCanReadTeam(user, row.childTeamId, 'the case audit');
    return caseAuditFromRecord(row);
  }

  /** The page; its totalCount is counted only if the client asks for it. */
  async list(
    user: CurrentUser,
    filter: {
      childId?: string | null;
      status?: CaseAuditStatus | null;
      followUpOverdue?: boolean | null;
      today: string;
    },
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<CaseAuditPage> {
    const { childId, status, followUpOverdue, today } = filter;
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const scope = this.policy.teamScope(user);
    const where: CaseAuditListFilter = {
      status,
      followUpOverdue,
      today,
      ...(scope.all ? {} : { teamId: scope.teamId }),
    };
    if (childId) {
      const child = await this.directory.childOfAuthority(this.reads, user, childId, { field: 'childId' });
      this.policy.assertCanReadTeam(user, child.teamId, 'that child');
      where.childId = childId;
    }
    const rows = await this.audits.page(user.authorityId, where, cursor as [string, string] | null, size + 1);
    return {
      ...connection(rows, size, caseAuditFromRecord, (r) => [r.auditedOn, r.id]),
      count: () => this.audits.count(user.authorityId, where),
    };
  }
}
