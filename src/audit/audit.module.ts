import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { AuditHistory } from './audit-history';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { ReadPool } from '../common/read-pool';

/** The one audit path (AuditService.append), the history reads and the audit log's queries. */
@Module({
  imports: [ClockModule],
  providers: [ReadPool, AuditRepository, AuditService, AuditHistory, AuditResolver],
  exports: [AuditRepository, AuditService, AuditHistory],
})
export class AuditModule {}
