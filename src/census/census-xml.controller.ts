import { Controller, Get, Logger, Query, Res, UseFilters } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser, hasRole } from '../auth/principal';
import { Role } from '../auth/role';
import { Clock } from '../clock/clock';
import { badField, forbidden } from '../common/errors';
import { DomainErrorHttpFilter } from '../graphql/domain-error.filter';
import { censusXml } from './census-xml';
import { CensusService } from './census.service';

/**
 * GET /exports/cin-census.xml?year=YYYY (AUDITOR, ADMIN): the child protection part of the CIN census
 * return in the DfE's XML structure, streamed. The rules the data breaks stay in childrenInNeedCensus's
 * validationErrors: the file carries the data as recorded, never corrected.
 */
@Controller('exports')
@UseFilters(DomainErrorHttpFilter)
export class CensusXmlController {
  private readonly log = new Logger('Exports');

  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly census: CensusService,
  ) {}

  @Get('cin-census.xml')
  async cinCensus(@Caller() user: CurrentUser, @Query('year') year: string | undefined, @Res() reply: FastifyReply) {
    if (!hasRole(user, Role.AUDITOR, Role.ADMIN))
      throw forbidden('Only an AUDITOR or ADMIN may export the census return');
    if (!year || !/^\d{4}$/.test(year)) throw badField('year', 'must be a year, YYYY');
    const data = await this.census.export(user.authorityId, Number(year));
    const [authority]: { code: string }[] = await this.dataSource.query('SELECT code FROM authority WHERE id = $1', [
      user.authorityId,
    ]);
    this.log.log({ actor: user.staffId, authority: user.authorityId, year: data.year }, 'census return exported');
    return reply
      .header('content-type', 'application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="cin-census-${data.year}.xml"`)
      .header('cache-control', 'no-store')
      .send(
        Readable.from(
          censusXml(
            this.dataSource,
            user.authorityId,
            authority.code,
            data,
            this.clock.now().toISOString().slice(0, 19),
          ),
        ),
      );
  }
}
