import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { badField } from '../common/errors';
import { connection, decodeCursor, pageSize } from '../common/pagination';
import { AuditService } from './audit.service';
import { AuditChainVerification, AuditEventConnection, AuditEventFilter, AuditEventType, auditEventFromRow } from './audit.types';

@Resolver(() => AuditEventType)
export class AuditResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Query(() => AuditEventConnection, { description: 'AUDITOR and ADMIN. The authority\'s history, in chain order, keyset-paginated.' })
  async auditEvents(
    @Caller() user: CurrentUser,
    @Args('filter', { type: () => AuditEventFilter, nullable: true }) filter: AuditEventFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuditEventConnection> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1);
    // A forged cursor ("x", 1.5) would otherwise reach the int comparison and fail in SQL.
    if (cursor && !(Number.isSafeInteger(cursor[0]) && (cursor[0] as number) >= 0)) throw badField('after', 'is not a cursor from this list');
    const where = ['authority_id = $1'];
    const params: unknown[] = [user.authorityId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter?.entityType) add('entity_type = ?', filter.entityType);
    if (filter?.entityId) add('entity_id = ?', filter.entityId);
    if (filter?.actorId) add('actor_id = ?', filter.actorId);
    if (filter?.from) add('at >= ?', filter.from);
    if (filter?.to) add('at <= ?', filter.to);
    if (cursor) add('sequence > ?', cursor[0]);
    params.push(size + 1);
    const rows = await this.dataSource.query(`SELECT * FROM audit_event WHERE ${where.join(' AND ')} ORDER BY sequence LIMIT $${params.length}`, params);
    return connection(rows, size, auditEventFromRow, (r: { sequence: number }) => [r.sequence]);
  }

  @Query(() => AuditChainVerification, { description: 'AUDITOR and ADMIN. Recomputes the authority\'s whole chain and reports the first event that does not verify.' })
  verifyAuditChain(@Caller() user: CurrentUser): Promise<AuditChainVerification> {
    return this.audit.verify(user.authorityId);
  }
}
