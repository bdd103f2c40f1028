import { DomainError } from '../../src/common/errors';
import { decide, precheck } from '../../src/workflow/decide';
import { actionFor, Machine } from '../../src/workflow/machine';
import { loadMachineFiles } from '../../src/workflow/machine-files';

// The engine's decision, with no database (issue 11): every machine, every status, every operation.
const machines: Machine[] = loadMachineFiles();

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'NOT_A_DOMAIN_ERROR';
  }
};

describe('decide(machine, status, operation)', () => {
  it('finds every machine declared in src/**/*.machine.ts', () => {
    expect(machines.map((m) => m.entity)).toEqual(
      expect.arrayContaining([
        'Action',
        'AdvocateOffer',
        'ChildProtectionPlan',
        'Conference',
        'CoreGroupMeeting',
        'Escalation',
      ]),
    );
  });

  describe.each(machines.map((m) => [m.entity, m] as const))('%s', (_entity, machine) => {
    const operations = Object.keys(machine.transitions);

    it.each(operations)(
      '%s: allowed from exactly its from-statuses, to its target, with its audit action',
      (operation) => {
        const rule = machine.transitions[operation];
        for (const status of machine.statuses) {
          const decision = decide(machine, status, operation);
          if (rule.from.includes(status)) {
            expect(decision).toEqual({
              allowed: true,
              from: status,
              to: rule.to,
              action: actionFor(machine, operation),
            });
          } else {
            expect(decision).toEqual({ allowed: false, reason: 'INVALID_TRANSITION' });
          }
        }
      },
    );

    it('refuses an operation the machine does not have, whatever the status (inherited names too)', () => {
      for (const status of machine.statuses) {
        expect(decide(machine, status, 'noSuchOperation')).toEqual({ allowed: false, reason: 'UNKNOWN_OPERATION' });
        expect(decide(machine, status, 'toString')).toEqual({ allowed: false, reason: 'UNKNOWN_OPERATION' });
      }
    });

    it('precheck: CONFLICT for a stale version first, then INVALID_TRANSITION, else nothing', () => {
      for (const operation of operations) {
        for (const status of machine.statuses) {
          const allowed = machine.transitions[operation].from.includes(status);
          expect(codeOf(() => precheck(machine, { status, version: 3 }, operation, 2))).toBe('CONFLICT');
          expect(codeOf(() => precheck(machine, { status, version: 3 }, operation, 3))).toBe(
            allowed ? null : 'INVALID_TRANSITION',
          );
          expect(codeOf(() => precheck(machine, { status, version: 3 }, operation, null))).toBe(
            allowed ? null : 'INVALID_TRANSITION',
          );
        }
      }
    });
  });

  it('is pure: the same question gets the same answer and the machine is not changed', () => {
    for (const machine of machines) {
      const before = JSON.stringify(machine);
      const [operation] = Object.keys(machine.transitions);
      const status = machine.transitions[operation].from[0];
      expect(decide(machine, status, operation)).toEqual(decide(machine, status, operation));
      expect(JSON.stringify(machine)).toBe(before);
    }
  });
});
