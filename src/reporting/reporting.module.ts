import { Module } from '@nestjs/common';
import { ChairPerformanceResolver, PerformanceResolver, TeamPerformanceResolver } from './performance.resolver';
import { PerformanceService } from './performance.service';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';
import { PolicyModule } from '../auth/policy.module';

/** The inspector's measures (DOMAIN.md). Reads only. */
@Module({
  imports: [ClockModule, DirectoryModule, PolicyModule],
  providers: [PerformanceService, PerformanceResolver, TeamPerformanceResolver, ChairPerformanceResolver],
  exports: [PerformanceService],
})
export class ReportingModule {}
