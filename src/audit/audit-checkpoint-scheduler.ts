import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PeriodicJob } from '../common/periodic-job';
import { AuditCheckpoints } from './audit-checkpoints';

/**
 * Signs a checkpoint of every authority whose log grew, every AUDIT_CHECKPOINT_MINUTES (0: never).
 * A doubled tick (or several instances) only keeps one more checkpoint of the same log.
 */
@Injectable()
export class AuditCheckpointScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('AuditCheckpoints');
  private readonly job = new PeriodicJob(() =>
    this.checkpoints
      .signAll()
      .then((authorities) => this.log.log({ authorities }, 'audit checkpoints signed'))
      .catch((error) => this.log.error({ err: error }, 'audit checkpoints failed')),
  );

  constructor(
    private readonly checkpoints: AuditCheckpoints,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(Number(this.config.get('AUDIT_CHECKPOINT_MINUTES') ?? 0) * 60_000);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
