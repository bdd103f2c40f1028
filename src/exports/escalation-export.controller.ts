import { Controller, Get, Logger, Query, Res, UseFilters } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser, hasRole } from '../auth/principal';
import { Role } from '../auth/role';
import { Clock } from '../clock/clock';
import { forbidden } from '../common/errors';
import { EscalationQueries } from '../escalations/escalation.queries';
import { DomainErrorHttpFilter } from '../graphql/domain-error.filter';
import { EscalationExportService } from './escalation-export.service';
import { escalationFilterFromQuery } from './export-query';

/**
 * GET /exports/escalations.csv?status=OPEN,RESPONDED&stage=2&teamId=...&raisedFrom=...&raisedTo=...&breached=true
 * For auditors (and admins): the escalation history with the `escalations` list's filter, streamed.
 * AuthGuard has verified the bearer token; the role rule is here because OPERATION_POLICY covers GraphQL.
 */
@Controller('exports')
@UseFilters(DomainErrorHttpFilter)
export class EscalationExportController {
  private readonly log = new Logger('Exports');

  constructor(
    private readonly clock: Clock,
    private readonly queries: EscalationQueries,
    private readonly exporter: EscalationExportService,
  ) {}

  @Get('escalations.csv')
  async escalations(
    @Caller() user: CurrentUser,
    @Query() query: Record<string, string | string[] | undefined>,
    @Res() reply: FastifyReply,
  ) {
    if (!hasRole(user, Role.AUDITOR, Role.ADMIN))
      throw forbidden('Only an AUDITOR or ADMIN may export the escalation history');
    // Filter errors and team scoping fail here, before any byte of the file is sent.
    const filter = escalationFilterFromQuery(query);
    const { where, params } = await this.queries.filterSql(user, filter);
    // The parsed filter, never the raw query string (which may carry anything, a token included).
    this.log.log({ actor: user.staffId, authority: user.authorityId, filter }, 'escalation history exported');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="escalations-${this.clock.today()}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(this.exporter.csv(where, params)));
  }
}
