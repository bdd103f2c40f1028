import { Injectable } from '@nestjs/common';
import { byKey, loader } from '../common/loaders';
import { CaseAuditRepository } from './case-audit.repository';
import { caseAuditFromRecord, CaseAuditType } from './case-audit.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of case audits, within the caller's authority. */
@Injectable()
export class CaseAuditLoaders {
  constructor(private readonly audits: CaseAuditRepository) {}

  byId(ctx: Ctx) {
    return loader<string, CaseAuditType | null>(ctx, 'caseAudit', async (ids) => {
      const audits = await this.audits.findMany(ctx.user!.authorityId, ids);
      return byKey(ids, audits, (a) => a.id).map((a) => (a ? caseAuditFromRecord(a) : null));
    });
  }
}
