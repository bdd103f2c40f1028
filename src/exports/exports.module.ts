import { Module } from '@nestjs/common';
import { EscalationsModule } from '../escalations/escalations.module';
import { AuditExportController } from './audit-export.controller';
import { EscalationExportController } from './escalation-export.controller';
import { EscalationExportService } from './escalation-export.service';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';

/** Files for auditors over HTTP (CSV, and the audit trail as JSON Lines), reusing the GraphQL lists' filters and authorization. */
@Module({
  imports: [EscalationsModule, AuditModule, ClockModule],
  controllers: [EscalationExportController, AuditExportController],
  providers: [EscalationExportService],
})
export class ExportsModule {}
