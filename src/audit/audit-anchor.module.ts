import { Module } from '@nestjs/common';
import { AuditAnchorResolver } from './audit-anchor.resolver';
import { AuditCheckpointScheduler } from './audit-checkpoint-scheduler';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditKeys } from './audit-keys';
import { AuditKeysController } from './audit-keys.controller';
import { AuditTree } from './audit-tree';
import { AuditModule } from './audit.module';
import { ClockModule } from '../clock/clock.module';

/** The audit trail anchored outside the database (issue 13): the Merkle tree's reads, signed checkpoints, proofs, keys. */
@Module({
  imports: [AuditModule, ClockModule],
  controllers: [AuditKeysController],
  providers: [AuditTree, AuditKeys, AuditCheckpoints, AuditCheckpointScheduler, AuditAnchorResolver],
  exports: [AuditTree, AuditKeys, AuditCheckpoints],
})
export class AuditAnchorModule {}
