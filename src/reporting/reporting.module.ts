import { Module } from '@nestjs/common';
import { ChairPerformanceResolver, PerformanceResolver, TeamPerformanceResolver } from './performance.resolver';
import { PerformanceService } from './performance.service';

/** The inspector's measures (DOMAIN.md). Reads only; the shared mechanisms come from CoreModule. */
@Module({
  providers: [PerformanceService, PerformanceResolver, TeamPerformanceResolver, ChairPerformanceResolver],
  exports: [PerformanceService],
})
export class ReportingModule {}
