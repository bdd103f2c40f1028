import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, kept on the GraphQL context: a page of records resolves each kind of
 * related record with one query, whatever the page size.
 */
export function loader<K, V>(
  ctx: object,
  name: string,
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
): DataLoader<K, V> {
  const bag = ctx as { __loaders?: Map<string, DataLoader<unknown, unknown>> };
  bag.__loaders ??= new Map();
  let found = bag.__loaders.get(name) as DataLoader<K, V> | undefined;
  if (!found) {
    found = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
    bag.__loaders.set(name, found as DataLoader<unknown, unknown>);
  }
  return found;
}

/** Orders rows to match keys (one row per key or null). */
export function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups rows by key, in key order (a list per key). */
export function groupByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * Forgets what this request's loaders have read. Mutations run one after another and each returns
 * what it changed: a second mutation in the same request must not be answered from the cache.
 */
export function clearLoaders(ctx: object): void {
  (ctx as { __loaders?: Map<string, DataLoader<unknown, unknown>> }).__loaders?.clear();
}
