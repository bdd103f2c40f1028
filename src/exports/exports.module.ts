import { Module } from '@nestjs/common';
import { EscalationsModule } from '../escalations/escalations.module';
import { EscalationExportController } from './escalation-export.controller';
import { EscalationExportService } from './escalation-export.service';

/** Files for auditors over HTTP (CSV), reusing the GraphQL lists' filters and authorization. */
@Module({
  imports: [EscalationsModule],
  controllers: [EscalationExportController],
  providers: [EscalationExportService],
})
export class ExportsModule {}
