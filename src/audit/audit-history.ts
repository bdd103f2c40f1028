import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { groupByKey, loader } from '../common/loaders';
import { AuditRow } from './audit.service';
import { AuditEventType, auditEventFromRow } from './audit.types';
import { ReadPool } from '../common/read-pool';

/** The filters of the audit log's page (all optional). */
export interface AuditEventPageFilter {
  entityType?: string | null;
  entityId?: string | null;
  actorId?: string | null;
  from?: Date | string | null;
  to?: Date | string | null;
}

/** Reads of the audit log: `history` on any record, and the authority's log page by page. */
@Injectable()
export class AuditHistory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  /** A record's audit events, oldest first, batched across a page of records. */
  of(ctx: { user?: { authorityId: string } }, entityType: string, entityId: string): Promise<AuditEventType[]> {
    return loader<string, AuditEventType[]>(ctx, `history:${entityType}`, async (ids) => {
      const rows: AuditRow[] = await this.reads.query(
        'SELECT * FROM audit_event WHERE authority_id = $1 AND entity_type = $2 AND entity_id = ANY($3) ORDER BY sequence',
        [ctx.user!.authorityId, entityType, ids],
      );
      return groupByKey(ids, rows, (r) => r.entity_id).map((list) => list.map(auditEventFromRow));
    }).load(entityId);
  }

  /** The authority's events in chain order after `afterSequence`, at most `limit` of them. */
  async page(authorityId: string, filter: AuditEventPageFilter | null | undefined, afterSequence: number | null, limit: number): Promise<AuditEventType[]> {
    const where = ['authority_id = $1'];
    const params: unknown[] = [authorityId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter?.entityType) add('entity_type = ?', filter.entityType);
    if (filter?.entityId) add('entity_id = ?', filter.entityId);
    if (filter?.actorId) add('actor_id = ?', filter.actorId);
    if (filter?.from) add('at >= ?', filter.from);
    if (filter?.to) add('at <= ?', filter.to);
    if (afterSequence !== null) add('sequence > ?', afterSequence);
    params.push(limit);
    const rows: AuditRow[] = await this.reads.query(`SELECT * FROM audit_event WHERE ${where.join(' AND ')} ORDER BY sequence LIMIT $${params.length}`, params);
    return rows.map(auditEventFromRow);
  }
}
