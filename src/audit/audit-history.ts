import { Injectable } from '@nestjs/common';
import { groupByKey, loader } from '../common/loaders';
import { loadNow, primeNow } from '../common/primed';
import { AuditEventPageFilter, AuditRecord, AuditRepository } from './audit.repository';
import { AuditEventType } from './audit.types';

/** Reads of the audit log: `history` on any record, and the authority's log page by page. */
@Injectable()
export class AuditHistory {
  constructor(private readonly repository: AuditRepository) {}

  /** A record's audit events, oldest first, batched across a page of records. */
  of(ctx: { user?: { authorityId: string } }, entityType: string, entityId: string): Promise<AuditEventType[]> {
    return this.loaderOf(ctx, entityType).load(entityId);
  }

  /**
   * Primes `of(ctx, entityType, id)` with each record's events as another statement read them (a
   * compiled read, docs/architecture.md): `ofEntities`'s records, oldest first, an empty list for a
   * record without events.
   */
  prime(
    ctx: { user?: { authorityId: string } },
    entityType: string,
    byEntity: Iterable<[string, readonly AuditRecord[]]>,
  ): void {
    const history = this.loaderOf(ctx, entityType);
    for (const [id, events] of byEntity) primeNow(history, id, [...events]);
  }

  /** `of`, or what a compiled read primed, without a promise. */
  ofNow(
    ctx: { user?: { authorityId: string } },
    entityType: string,
    entityId: string,
  ): AuditEventType[] | Promise<AuditEventType[]> {
    return loadNow(this.loaderOf(ctx, entityType), entityId);
  }

  private loaderOf(ctx: { user?: { authorityId: string } }, entityType: string) {
    return loader<string, AuditEventType[]>(ctx, `history:${entityType}`, async (ids) => {
      const events = await this.repository.ofEntities(ctx.user!.authorityId, entityType, ids);
      return groupByKey(ids, events, (e) => e.entityId);
    });
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
