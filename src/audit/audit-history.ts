import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { groupByKey, loader } from '../common/loaders';
import { AuditRow } from './audit.service';
import { AuditEventType, auditEventFromRow } from './audit.types';

/** `history` on any record: its audit events, oldest first, batched across a page of records. */
@Injectable()
export class AuditHistory {
  constructor(private readonly dataSource: DataSource) {}

  of(ctx: { user?: { authorityId: string } }, entityType: string, entityId: string): Promise<AuditEventType[]> {
    return loader<string, AuditEventType[]>(ctx, `history:${entityType}`, async (ids) => {
      const rows = await this.dataSource.query(
        'SELECT * FROM audit_event WHERE authority_id = $1 AND entity_type = $2 AND entity_id = ANY($3) ORDER BY sequence',
        [ctx.user!.authorityId, entityType, ids],
      );
      return groupByKey(ids, rows as AuditRow[], (r) => r.entity_id).map((list) => list.map(auditEventFromRow));
    }).load(entityId);
  }
}
