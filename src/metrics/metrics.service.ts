import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The service's Prometheus series (issue 16), one registry per application (the tests run several
 * in a process). Labels are bounded: a GraphQL operation is named by its root field
 * (`Mutation.raiseEscalation`), never by the client's operation name or query text.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'cp_graphql_requests_total',
    help: 'GraphQL requests by root operation and outcome (ok or error)',
    labelNames: ['operation', 'outcome'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'cp_graphql_request_duration_seconds',
    help: 'GraphQL request latency by root operation',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'cp_graphql_errors_total',
    help: 'GraphQL errors by root operation and error code',
    labelNames: ['operation', 'code'],
    registers: [this.registry],
  });
  readonly sweepDuration = new Histogram({
    name: 'cp_sweep_duration_seconds',
    help: 'Deadline sweep duration (one authority)',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [this.registry],
  });
  readonly sweepActions = new Counter({
    name: 'cp_sweep_actions_total',
    help: 'What deadline sweeps did, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly breaches = new Counter({
    name: 'cp_escalation_stage_breaches_total',
    help: 'Escalation stages breached (response not received by the due date)',
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'cp_notification_deliveries_total',
    help: 'Email and webhook delivery attempts by channel and outcome (delivered, retry, parked)',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });

  constructor(private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'cp_' });
    // Every outcome from the start, so a rate over a first failure is not a missing series.
    for (const channel of ['EMAIL', 'WEBHOOK'])
      for (const outcome of ['delivered', 'retry', 'parked']) this.deliveries.inc({ channel, outcome }, 0);
    const pool = () => (this.dataSource.driver as unknown as { master?: PgPool }).master;
    new Gauge({
      name: 'cp_db_pool_connections',
      help: 'Database pool connections by state (in_use, idle)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const p = pool();
        this.set({ state: 'in_use' }, p ? p.totalCount - p.idleCount : 0);
        this.set({ state: 'idle' }, p?.idleCount ?? 0);
      },
    });
    new Gauge({
      name: 'cp_db_pool_waiting',
      help: 'Requests waiting for a database connection',
      registers: [this.registry],
      collect() {
        this.set(pool()?.waitingCount ?? 0);
      },
    });
    const backlogAge = new Gauge({
      name: 'cp_outbox_oldest_age_seconds',
      help: 'Age of the oldest outbox message not yet fanned out',
      registers: [this.registry],
    });
    const pending = new Gauge({
      name: 'cp_notification_deliveries_pending',
      help: 'Deliveries waiting to be sent, by channel',
      labelNames: ['channel'],
      registers: [this.registry],
    });
    const parked = new Gauge({
      name: 'cp_notification_deliveries_parked',
      help: 'Deliveries that kept failing and wait for an ADMIN, by channel',
      labelNames: ['channel'],
      registers: [this.registry],
    });
    // One scrape-time read for the database-backed gauges: the rows are the truth.
    const db = this.dataSource;
    new Gauge({
      name: 'cp_outbox_backlog',
      help: 'Outbox messages not yet fanned out to email and webhook deliveries',
      registers: [this.registry],
      async collect() {
        if (!db.isInitialized) return;
        const [o]: { n: number; age: number | null }[] = await db.query(
          'SELECT count(*)::int AS n, extract(epoch FROM now() - min(created_at))::float AS age FROM outbox_message WHERE fanned_out_at IS NULL',
        );
        this.set(o.n);
        backlogAge.set(o.age ?? 0);
        const rows: { channel: string; status: string; n: number }[] = await db.query(
          "SELECT channel, status, count(*)::int AS n FROM notification_delivery WHERE status IN ('PENDING', 'PARKED') GROUP BY channel, status",
        );
        for (const channel of ['EMAIL', 'WEBHOOK']) {
          pending.set({ channel }, rows.find((r) => r.channel === channel && r.status === 'PENDING')?.n ?? 0);
          parked.set({ channel }, rows.find((r) => r.channel === channel && r.status === 'PARKED')?.n ?? 0);
        }
      },
    });
  }

  /** Starts timing a sweep; the returned function records its duration and what it did. */
  sweepStarted(): (counts: Record<string, number>) => void {
    const end = this.sweepDuration.startTimer();
    return (counts) => {
      end();
      for (const [kind, n] of Object.entries(counts)) if (n) this.sweepActions.inc({ kind }, n);
      if (counts.breachedStages) this.breaches.inc(counts.breachedStages);
    };
  }
}
