import { DataSource, EntityManager } from 'typeorm';
import { ambientTransaction } from '../common/ambient-transaction';

/**
 * One transaction for many commands: the bulk import's batch (docs/import.md).
 *
 * The domain services open their own transaction per command (CommandRunner.run, or
 * `dataSource.transaction` directly) and read with `dataSource.query`. Inside `inBatch(...)`, and
 * only in its async context, both go to the batch's transaction instead: the services' rules,
 * locks, audit events and outbox rows are exactly those of the API, but nothing commits until the
 * batch does, and a failure anywhere rolls the whole batch back. Reads inside the batch see its own
 * uncommitted writes, so a line may refer to a record made by an earlier line of the same batch.
 *
 * Everything else in the process (requests, the outbox publisher, the sweep) runs outside the
 * batch's context and is untouched.
 */
const batch = ambientTransaction;
const routed = new WeakSet<DataSource>();

type TransactionFn<T> = (manager: EntityManager) => Promise<T>;

/** Makes `dataSource.transaction` and `dataSource.query` join the current batch, if any. Idempotent. */
export function routeIntoBatches(dataSource: DataSource): void {
  if (routed.has(dataSource)) return;
  routed.add(dataSource);
  const transaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  const query = dataSource.query.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  Object.assign(dataSource, {
    transaction(this: DataSource, ...args: unknown[]) {
      const manager = batch.getStore();
      if (!manager) return transaction(...args);
      // transaction(fn) or transaction(isolationLevel, fn): the batch's transaction is the one.
      const work = (typeof args[0] === 'function' ? args[0] : args[1]) as TransactionFn<unknown>;
      return work(manager);
    },
    query(this: DataSource, ...args: unknown[]) {
      const manager = batch.getStore();
      // With a query runner (EntityManager.query passes its own), the statement already has its connection.
      if (!manager || args[2]) return query(...args);
      return manager.query(args[0] as string, args[1] as unknown[] | undefined);
    },
  });
}

/** Runs `work` in one transaction that every service call inside it joins; commits when it returns, rolls back when it throws. */
export async function inBatch<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (batch.getStore()) throw new Error('inBatch: batches do not nest');
  routeIntoBatches(dataSource);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      const result = await batch.run(runner.manager, () => work(runner.manager));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** Whether the caller runs inside a batch (for tests and guards). */
export const inBatchNow = (): boolean => batch.getStore() !== undefined;
