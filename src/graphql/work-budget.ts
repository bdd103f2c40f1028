import { ASTVisitor, FieldNode, GraphQLError, Kind, SelectionSetNode, ValidationContext } from 'graphql';

/**
 * What a field costs the database, beyond what the field count shows (issue 12): one
 * verifyAuditChain recomputes a whole authority's chain, a performance report scans its period.
 * An operation may spend WORK_BUDGET.max units; a heavy field's weight is multiplied by the list
 * sizes above it, so a nested report is as dear as the rows it runs for.
 */
export const HEAVY_FIELDS: Record<string, number> = {
  verifyAuditChain: 10,
  childrenInNeedCensus: 5,
  // 3 a request: performance, performanceByTeam and performanceByChair together, not 30 of them.
  performance: 3,
  performanceByChair: 3,
  performanceByTeam: 3,
  history: 0.05,
};

export const WORK_BUDGET = {
  max: 10,
  /** rows one path of nested lists may fan out to: first × first × ... */
  maxListRows: 10_000,
  /** a list whose size the document does not fix (no literal `first`) counts as the largest page */
  defaultListSize: 100,
} as const;

const listSize = (field: FieldNode): number => {
  const first = field.arguments?.find((a) => a.name.value === 'first');
  if (!first) return 1;
  return first.value.kind === Kind.INT ? Math.max(1, Number(first.value.value)) : WORK_BUDGET.defaultListSize;
};

export function workBudgetRule(context: ValidationContext): ASTVisitor {
  const refuse = (message: string, node: FieldNode | undefined) =>
    context.reportError(
      new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { code: 'BAD_USER_INPUT' } }),
    );

  const walk = (set: SelectionSetNode | undefined, rows: number, seen: Set<string>): number => {
    let work = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const below = rows * listSize(selection);
        if (below > WORK_BUDGET.maxListRows) {
          refuse(`Nested lists fan out to more than ${WORK_BUDGET.maxListRows} rows; ask for smaller pages`, selection);
          return Infinity;
        }
        work += (HEAVY_FIELDS[selection.name.value] ?? 0) * rows + walk(selection.selectionSet, below, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        work += walk(selection.selectionSet, rows, seen);
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue; // a cycle is NoFragmentCyclesRule's to report
        work += walk(context.getFragment(name)?.selectionSet, rows, new Set([...seen, name]));
      }
    }
    return work;
  };

  return {
    OperationDefinition(operation) {
      const work = walk(operation.selectionSet, 1, new Set());
      if (Number.isFinite(work) && work > WORK_BUDGET.max) {
        refuse(
          `The operation asks for too much work at once (${Math.ceil(work)} units, at most ${WORK_BUDGET.max}); split it into several requests`,
          undefined,
        );
      }
    },
  };
}
