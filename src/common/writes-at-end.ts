import { EntityManager, QueryRunner } from 'typeorm';

/**
 * Writes a transaction defers to its end, kept by the transaction's runner: the audit's events
 * (AuditService.appendingLast, so the authority's head lock is held for the last statements only)
 * and the outbox's rows (WorkflowService.enqueuingLast, one statement per authority for a bulk
 * import's batch). Nested calls join the outer one; the queue is flushed, in the order written, once
 * `work` has returned, inside the same transaction.
 */
export class WritesAtEnd<T> {
  private readonly queues = new WeakMap<QueryRunner, T[]>();

  constructor(private readonly name: string) {}

  /** The queue of the transaction's deferral, or undefined when its writes are not deferred. */
  queueOf(manager: EntityManager): T[] | undefined {
    return manager.queryRunner ? this.queues.get(manager.queryRunner) : undefined;
  }

  async run<R>(manager: EntityManager, work: () => Promise<R>, flush: (queue: T[]) => Promise<void>): Promise<R> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error(`${this.name} must run inside a transaction`);
    if (this.queues.has(runner)) return work();
    const queue: T[] = [];
    this.queues.set(runner, queue);
    try {
      const result = await work();
      this.queues.delete(runner);
      await flush(queue);
      return result;
    } finally {
      this.queues.delete(runner);
    }
  }
}

/** `items` cut into runs of consecutive items of one authority, each at most `max` long. */
export function authorityRuns<T>(items: readonly T[], authorityOf: (item: T) => string, max = Infinity): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < items.length;) {
    let end = start + 1;
    while (end < items.length && end - start < max && authorityOf(items[end]) === authorityOf(items[start])) end++;
    runs.push(items.slice(start, end));
    start = end;
  }
  return runs;
}
