import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { badField } from '../common/errors';
import { connection, decodeCursor, pageSize } from '../common/pagination';
import { AuditHistory } from './audit-history';
import { AuditService } from './audit.service';
import { AuditChainVerification, AuditEventConnection, AuditEventFilter, AuditEventType } from './audit.types';

@Resolver(() => AuditEventType)
export class AuditResolver {
  constructor(
    private readonly history: AuditHistory,
    private readonly audit: AuditService,
  ) {}

  @Query(() => AuditEventConnection, {
    description: "AUDITOR and ADMIN. The authority's history, in chain order, keyset-paginated.",
  })
  async auditEvents(
    @Caller() user: CurrentUser,
    @Args('filter', { type: () => AuditEventFilter, nullable: true }) filter: AuditEventFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuditEventConnection> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1);
    // A forged cursor ("x", 1.5) would otherwise reach the int comparison and fail in SQL.
    if (cursor && !(Number.isSafeInteger(cursor[0]) && (cursor[0] as number) >= 0))
      throw badField('after', 'is not a cursor from this list');
    const rows = await this.history.page(user.authorityId, filter, cursor ? (cursor[0] as number) : null, size + 1);
    return connection(
      rows,
      size,
      (e) => e,
      (e) => [e.sequence],
    );
  }

  @Query(() => AuditChainVerification, {
    description:
      "AUDITOR and ADMIN. Recomputes the authority's whole chain and reports the first event that does not verify.",
  })
  verifyAuditChain(@Caller() user: CurrentUser): Promise<AuditChainVerification> {
    return this.audit.verify(user.authorityId);
  }
}
