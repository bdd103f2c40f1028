import { AsyncLocalStorage } from 'node:async_hooks';
import { EntityManager } from 'typeorm';

/**
 * A transaction that every statement of the current async context joins, when one is open: the bulk
 * import's batch (src/import/batch-transaction.ts). The read pool (read-pool.ts) asks it too, so a
 * read inside a batch sees the batch's own uncommitted writes, as `dataSource.query` does there.
 */
export const ambientTransaction = new AsyncLocalStorage<EntityManager>();
