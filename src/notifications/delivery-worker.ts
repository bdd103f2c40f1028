import { PeriodicJob } from '../common/periodic-job';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { MetricsService } from '../metrics/metrics.service';
import { EmailSender, SendOutcome } from './email-sender';
import { DirectoryRepository } from '../directory/directory.repository';
import { DeliveryRecord, NotificationRepository } from './notification.repository';
import { OutboxFanOut } from './outbox-fan-out';
import { WebhookAlarm } from './webhook-alarm';
import { WebhookSender } from './webhook-sender';

const MAX_BACKOFF_MS = 3_600_000;
const PER_TICK = 100;

/**
 * Sends due email and webhook deliveries. Every bit of state is in the rows: each delivery is
 * claimed with FOR UPDATE SKIP LOCKED and held while it is sent, then marked delivered, given a
 * later due_at (backoff) or parked, in the same transaction. Several instances share the work;
 * a crash before the commit leaves the row due, so a message is never lost. The timer only says
 * "look now" (DELIVERY_POLL_MS); the Clock says what is due.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Deliveries');
  private stopped = false;
  private readonly job = new PeriodicJob(() =>
    this.runOnce().catch((error) => this.log.error({ err: error }, 'delivery pass failed; the rows stay due')),
  );
  private readonly pollMs: number;
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly fanOut: OutboxFanOut,
    private readonly email: EmailSender,
    private readonly webhooks: WebhookSender,
    private readonly alarm: WebhookAlarm,
    private readonly metrics: MetricsService,
    private readonly repository: NotificationRepository,
    private readonly directory: DirectoryRepository,
    config: ConfigService,
  ) {
    this.pollMs = Number(config.get('DELIVERY_POLL_MS') ?? 1000);
    this.retryBaseMs = Number(config.get('DELIVERY_RETRY_BASE_MS') ?? 30_000);
    this.maxAttempts = Number(config.get('DELIVERY_MAX_ATTEMPTS') ?? 8);
  }

  onApplicationBootstrap(): void {
    this.log.log(
      this.email.enabled
        ? 'email is on: inbox items are emailed through the outbox'
        : 'email is off: SMTP_URL is not set, so no inbox item is emailed',
    );
    this.job.start(this.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.job.stop();
  }

  /** One pass now (the timer's, or a test's): fan out the outbox, then send what is due. */
  tick(): Promise<void> {
    return this.job.runNow();
  }

  private async runOnce(): Promise<void> {
    while (!this.stopped && (await this.fanOut.fanOutBatch()) > 0);
    for (let i = 0; i < PER_TICK && !this.stopped; i++) if (!(await this.deliverOne())) break;
  }

  private deliverOne(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const row = await this.repository.claimDue(manager, now);
      if (!row) return false;
      if (row.channel === 'EMAIL') await this.deliverEmail(manager, row);
      else await this.deliverWebhook(manager, row);
      return true;
    });
  }

  private async deliverEmail(manager: EntityManager, row: DeliveryRecord): Promise<void> {
    // A digest takes every held item of the same person that is due by now: one email for all.
    const batch: DeliveryRecord[] = row.digest
      ? [row, ...(await this.repository.claimDigestRest(manager, row, this.clock.now()))]
      : [row];
    const email = row.recipientId ? await this.directory.emailOf(manager, row.authorityId, row.recipientId) : null;
    const outcome: SendOutcome = email
      ? await this.email.send(
          email,
          row.id,
          batch.sort((a, b) => +a.createdAt - +b.createdAt).map((r) => r.payload),
          row.digest,
        )
      : { ok: false, retry: false, error: 'no email address' };
    for (const r of batch) await this.record(manager, r, outcome);
  }

  private async deliverWebhook(manager: EntityManager, row: DeliveryRecord): Promise<void> {
    const hook = row.webhookId ? await this.repository.webhookForDelivery(manager, row.webhookId) : null;
    if (!hook || hook.status !== 'ACTIVE') {
      await this.record(manager, row, { ok: false, retry: false, error: 'webhook disabled' }, false);
      return;
    }
    const body = JSON.stringify({
      id: row.id,
      type: row.eventType,
      createdAt: new Date(row.createdAt).toISOString(),
      data: row.payload,
    });
    const outcome = await this.webhooks.send(hook.url, hook.secret, { id: row.id, eventType: row.eventType, body });
    await this.record(manager, row, outcome);
  }

  private async record(manager: EntityManager, row: DeliveryRecord, outcome: SendOutcome, alarm = true): Promise<void> {
    const now = this.clock.now();
    const attempts = row.attempts + 1;
    const channel = row.channel;
    if (outcome.ok) {
      await this.repository.markDelivered(manager, row.id, attempts, now);
      this.metrics.deliveries.inc({ channel, outcome: 'delivered' });
      return;
    }
    if (outcome.retry && attempts < this.maxAttempts) {
      const backoff = Math.min(MAX_BACKOFF_MS, this.retryBaseMs * 2 ** (attempts - 1));
      await this.repository.reschedule(manager, row.id, attempts, new Date(now.getTime() + backoff), outcome.error);
      this.metrics.deliveries.inc({ channel, outcome: 'retry' });
      this.log.warn(
        { deliveryId: row.id, channel, attempts, retryInMs: backoff, error: outcome.error },
        'delivery failed; will retry',
      );
      return;
    }
    await this.repository.park(manager, row.id, attempts, outcome.error);
    this.metrics.deliveries.inc({ channel, outcome: 'parked' });
    this.log.warn(
      { deliveryId: row.id, channel, attempts, error: outcome.error },
      'delivery parked; an ADMIN can retry it',
    );
    if (channel === 'WEBHOOK' && alarm && row.webhookId)
      await this.alarm.disable(
        manager,
        row.authorityId,
        row.webhookId,
        `a delivery failed ${attempts} time(s): ${outcome.error}`,
      );
  }
}
