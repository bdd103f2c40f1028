import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CommandRunner } from './command-runner';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

/** CommandRunner: every mutation in one transaction, answered once per Idempotency-Key. */
@Module({
  imports: [AuditModule],
  providers: [IdempotencyKeyRepository, CommandRunner],
  exports: [CommandRunner],
})
export class IdempotencyModule {}
