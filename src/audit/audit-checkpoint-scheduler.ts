import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditCheckpoints } from './audit-checkpoints';

/**
 * Signs a checkpoint of every authority whose log grew, every AUDIT_CHECKPOINT_MINUTES (0: never).
 * A doubled tick (or several instances) only keeps one more checkpoint of the same log.
 */
@Injectable()
export class AuditCheckpointScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('AuditCheckpoints');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly checkpoints: AuditCheckpoints,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = Number(this.config.get('AUDIT_CHECKPOINT_MINUTES') ?? 0);
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
    if (this.running) return;
    this.running = this.checkpoints
      .signAll()
      .then((authorities) => this.log.log({ authorities }, 'audit checkpoints signed'))
      .catch((error) => this.log.error({ err: error }, 'audit checkpoints failed'))
      .finally(() => (this.running = undefined));
  }
}
