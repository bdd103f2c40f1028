import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DeadlineSweepService } from './deadline-sweep.service';

/**
 * Triggers the sweep every SWEEP_INTERVAL_MINUTES (0: never). The timer only triggers: what is due
 * lives in the database, so a missed or doubled tick (or several instances) changes nothing.
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('SweepScheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly sweep: DeadlineSweepService,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    // Env is validated at start (src/config/env.ts) and handed to ConfigService as is.
    const minutes = Number(this.config.get('SWEEP_INTERVAL_MINUTES') ?? 0);
    if (!minutes) return;
    this.timer = setInterval(() => this.tick(), minutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private tick(): void {
    if (this.running) return; // the previous sweep is still going on this instance
    this.running = this.sweep
      .sweepAll()
      .then((counts) => this.log.log({ ...counts }, 'deadline sweep done'))
      .catch((error) => this.log.error({ err: error }, 'deadline sweep failed'))
      .finally(() => (this.running = undefined));
  }
}
