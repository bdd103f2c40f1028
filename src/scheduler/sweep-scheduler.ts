import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PeriodicJob } from '../common/periodic-job';
import { DeadlineSweepService } from './deadline-sweep.service';

/**
 * Triggers the sweep every SWEEP_INTERVAL_MINUTES (0: never). The timer only triggers: what is due
 * lives in the database, so a missed or doubled tick (or several instances) changes nothing.
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('SweepScheduler');
  private readonly job = new PeriodicJob(() =>
    this.sweep
      .sweepAll()
      .then((counts) => this.log.log({ ...counts }, 'deadline sweep done'))
      .catch((error) => this.log.error({ err: error }, 'deadline sweep failed')),
  );

  constructor(
    private readonly sweep: DeadlineSweepService,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    // Env is validated at start (src/config/env.ts) and handed to ConfigService as is.
    this.job.start(Number(this.config.get('SWEEP_INTERVAL_MINUTES') ?? 0) * 60_000);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
