import { conflict, invalidTransition } from '../common/errors';
import { actionFor, Machine } from './machine';

/** What the engine may do with `operation` on a record in `status`: the pure half of a transition. */
export type Decision =
  | { allowed: true; from: string; to: string; action: string }
  | { allowed: false; reason: 'UNKNOWN_OPERATION' | 'INVALID_TRANSITION' };

/**
 * The machine's answer, with no database: the engine applies an allowed decision with a
 * compare-and-set UPDATE; a service may ask first to fail before doing other work.
 */
export function decide(machine: Machine, status: string, operation: string): Decision {
  const rule = Object.prototype.hasOwnProperty.call(machine.transitions, operation)
    ? machine.transitions[operation]
    : undefined;
  if (!rule) return { allowed: false, reason: 'UNKNOWN_OPERATION' };
  if (!rule.from.includes(status)) return { allowed: false, reason: 'INVALID_TRANSITION' };
  return { allowed: true, from: status, to: rule.to, action: actionFor(machine, operation) };
}

/**
 * Throws the typed error a transition would, before the caller does other work: CONFLICT for a
 * stale version, INVALID_TRANSITION when the status does not allow the operation.
 */
export function precheck(
  machine: Machine,
  row: { status: string; version: number },
  operation: string,
  expectedVersion?: number | null,
): void {
  if (expectedVersion != null && row.version !== expectedVersion) {
    throw conflict(`${machine.entity} is at version ${row.version}, not ${expectedVersion}; reload and try again`, {
      currentVersion: row.version,
    });
  }
  const decision = decide(machine, row.status, operation);
  if (!decision.allowed) {
    if (decision.reason === 'UNKNOWN_OPERATION') throw new Error(`${machine.entity} has no operation ${operation}`);
    throw invalidTransition(row.status, operation, machine.entity);
  }
}
