import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { AuditHistory } from './audit-history';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { ReadPool } from '../common/read-pool';

/** The one audit path (AuditService.append), the history reads and the audit log's queries. */
@Module({
  imports: [ClockModule],
  providers: [ReadPool, AuditService, AuditHistory, AuditResolver],
  exports: [AuditService, AuditHistory],
})
export class AuditModule {}
