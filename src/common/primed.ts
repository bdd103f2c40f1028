import DataLoader from 'dataloader';

/**
 * Values a compiled read primed into a request's DataLoaders, readable without a promise (issue 17:
 * an auditor's page resolves hundreds of related fields; a primed DataLoader still answers each with
 * a promise, and GraphQL then waits a microtask per field). Kept per DataLoader instance, so
 * `clearLoaders` (which drops the request's loaders) drops these too.
 */
const primedValues = new WeakMap<DataLoader<unknown, unknown>, Map<unknown, unknown>>();

/** Primes `loader` with `value` for `key` (as DataLoader's prime) and keeps it for `loadNow`. */
export function primeNow<K, V>(loader: DataLoader<K, V>, key: K, value: V): void {
  loader.prime(key, value);
  const any = loader as DataLoader<unknown, unknown>;
  let values = primedValues.get(any);
  if (!values) primedValues.set(any, (values = new Map()));
  if (!values.has(key)) values.set(key, value);
}

/** The value primed for `key`, as it is; otherwise the loader's `load` (a promise). */
export function loadNow<K, V>(loader: DataLoader<K, V>, key: K): V | Promise<V> {
  const values = primedValues.get(loader as DataLoader<unknown, unknown>);
  return values?.has(key) ? (values.get(key) as V) : loader.load(key);
}
