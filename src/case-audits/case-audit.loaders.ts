import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { byKey, loader } from '../common/loaders';
import { caseAuditFromRow, CaseAuditRow, CaseAuditType } from './case-audit.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of case audits, within the caller's authority. */
@Injectable()
export class CaseAuditLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: Ctx) {
    return loader<string, CaseAuditType | null>(ctx, 'caseAudit', async (ids) => {
      const rows: CaseAuditRow[] = await this.dataSource.query('SELECT * FROM case_audit WHERE authority_id = $1 AND id = ANY($2)', [ctx.user!.authorityId, ids]);
      return byKey(ids, rows, (r) => r.id).map((r) => (r ? caseAuditFromRow(r) : null));
    });
  }
}
