/** A transition: the statuses it may start from and the status it leads to. */
export interface TransitionRule<S extends string> {
  from: readonly S[];
  to: S;
  /** the audit action; default `${ENTITY}_${OPERATION}` in upper snake case */
  action?: string;
}

export interface Machine<S extends string = string, O extends string = string> {
  /** entity type as it appears in audit events, e.g. 'Escalation' */
  entity: string;
  /** the table holding id, authority_id, status, version, updated_at */
  table: string;
  statuses: readonly S[];
  initial: S;
  transitions: Readonly<Record<O, TransitionRule<S>>>;
}

const registry = new Map<string, Machine>();

/** Declares a state machine as data and registers it, so the engine tests and diagrams find it. */
export function defineMachine<S extends string, O extends string>(machine: Machine<S, O>): Machine<S, O> {
  // The table name is interpolated into the engine's SQL: a plain identifier only.
  if (!/^[a-z_][a-z0-9_]*$/.test(machine.table))
    throw new Error(`${machine.entity}: table ${machine.table} is not a plain identifier`);
  if (!machine.statuses.includes(machine.initial))
    throw new Error(`${machine.entity}: initial status ${machine.initial} is not one of its statuses`);
  // Two machines under one entity name would share audit entity types and one would vanish from the diagrams.
  const existing = registry.get(machine.entity);
  if (existing && existing.table !== machine.table)
    throw new Error(`two machines are named ${machine.entity} (tables ${existing.table} and ${machine.table})`);
  for (const [operation, rule] of Object.entries<TransitionRule<S>>(machine.transitions)) {
    for (const status of [...rule.from, rule.to]) {
      if (!machine.statuses.includes(status))
        throw new Error(`${machine.entity}.${operation} names unknown status ${status}`);
    }
  }
  registry.set(machine.entity, machine as unknown as Machine);
  return machine;
}

export const registeredMachines = (): Machine[] =>
  [...registry.values()].sort((a, b) => a.entity.localeCompare(b.entity));

const upperSnake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export const actionFor = (machine: Machine, operation: string): string =>
  machine.transitions[operation]?.action ?? `${upperSnake(machine.entity)}_${upperSnake(operation)}`;

export const createdAction = (machine: Machine): string => `${upperSnake(machine.entity)}_CREATED`;

/** A Mermaid state diagram of one machine, generated from its table. */
export function mermaid(machine: Machine): string {
  const lines = ['stateDiagram-v2', `    [*] --> ${machine.initial}`];
  for (const [operation, rule] of Object.entries<TransitionRule<string>>(machine.transitions)) {
    for (const from of rule.from) lines.push(`    ${from} --> ${rule.to}: ${operation}`);
  }
  const reachable = new Set(Object.values<TransitionRule<string>>(machine.transitions).flatMap((r) => r.from));
  for (const status of machine.statuses) if (!reachable.has(status)) lines.push(`    ${status} --> [*]`);
  return lines.join('\n');
}
