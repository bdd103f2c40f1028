import { Global, Module } from '@nestjs/common';
import { MetricsListener } from './metrics-listener';
import { MetricsService } from './metrics.service';

/** Prometheus series for every module, served on their own listener (METRICS_PORT). */
@Global()
@Module({
  providers: [MetricsService, MetricsListener],
  exports: [MetricsService],
})
export class MetricsModule {}
