import { Controller, Get, Logger, Res, UseFilters } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser, hasRole } from '../auth/principal';
import { Role } from '../auth/role';
import { forbidden } from '../common/errors';
import { DomainErrorHttpFilter } from '../graphql/domain-error.filter';

/**
 * The authority's audit trail as JSON Lines, for the offline verifier (`npm run audit:verify`) and
 * anyone else who keeps a copy: every event with exactly the fields its hash covers, and the signed
 * checkpoints the service kept. Streamed in keyset batches from one snapshot. AUDITOR and ADMIN.
 */
@Controller('exports')
@UseFilters(DomainErrorHttpFilter)
export class AuditExportController {
  private readonly log = new Logger('Exports');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: AuditRepository,
  ) {}

  @Get('audit-events.jsonl')
  events(@Caller() user: CurrentUser, @Res() reply: FastifyReply) {
    this.allowed(user, 'audit events');
    return this.send(reply, 'audit-events', this.eventLines(user.authorityId));
  }

  @Get('audit-checkpoints.jsonl')
  checkpoints(@Caller() user: CurrentUser, @Res() reply: FastifyReply) {
    this.allowed(user, 'audit checkpoints');
    return this.send(reply, 'audit-checkpoints', this.checkpointLines(user));
  }

  private allowed(user: CurrentUser, what: string): void {
    if (!hasRole(user, Role.AUDITOR, Role.ADMIN)) throw forbidden(`Only an AUDITOR or ADMIN may export the ${what}`);
    this.log.log({ actor: user.staffId, authority: user.authorityId }, `${what} exported`);
  }

  private send(reply: FastifyReply, name: string, lines: AsyncGenerator<string>) {
    return reply
      .header('content-type', 'application/jsonl; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.jsonl"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines));
  }

  private async *eventLines(authorityId: string): AsyncGenerator<string> {
    // One snapshot, so that the file is a prefix of the log even while events are appended.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      for await (const rows of this.audit.batches(runner.manager, authorityId)) {
        yield rows
          .map(
            (r) =>
              `${JSON.stringify({
                authorityId: r.authorityId,
                sequence: r.sequence,
                at: r.at.toISOString(),
                actorId: r.actorId,
                entityType: r.entityType,
                entityId: r.entityId,
                action: r.action,
                fromStatus: r.fromStatus,
                toStatus: r.toStatus,
                reason: r.reason,
                details: r.details,
                previousHash: r.previousHash,
                hash: r.hash,
              })}\n`,
          )
          .join('');
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  private async *checkpointLines(user: CurrentUser): AsyncGenerator<string> {
    for (const checkpoint of await this.repository.checkpoints(user.authorityId, user.authority))
      yield `${JSON.stringify(checkpoint)}\n`;
  }
}
