import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkflowService } from './workflow.service';

/** The engine: every versioned change, with its audit event and outbox rows. */
@Module({
  imports: [AuditModule],
  providers: [WorkflowService],
  exports: [WorkflowService],
})
export class WorkflowModule {}
