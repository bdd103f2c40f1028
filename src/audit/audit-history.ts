import { Injectable } from '@nestjs/common';
import { groupByKey, loader } from '../common/loaders';
import { AuditEventPageFilter, AuditRepository } from './audit.repository';
import { AuditEventType } from './audit.types';

/** Reads of the audit log: `history` on any record, and the authority's log page by page. */
@Injectable()
export class AuditHistory {
  constructor(private readonly repository: AuditRepository) {}

  /** A record's audit events, oldest first, batched across a page of records. */
  of(ctx: { user?: { authorityId: string } }, entityType: string, entityId: string): Promise<AuditEventType[]> {
    return loader<string, AuditEventType[]>(ctx, `history:${entityType}`, async (ids) => {
      const events = await this.repository.ofEntities(ctx.user!.authorityId, entityType, ids);
      return groupByKey(ids, events, (e) => e.entityId);
    }).load(entityId);
  }

  /** The authority's events in chain order after `afterSequence`, at most `limit` of them. */
  page(
    authorityId: string,
    filter: AuditEventPageFilter | null | undefined,
    afterSequence: number | null,
    limit: number,
  ): Promise<AuditEventType[]> {
    return this.repository.page(authorityId, filter, afterSequence, limit);
  }
}
