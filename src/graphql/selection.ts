import {
  FieldNode,
  FragmentDefinitionNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  SelectionSetNode,
} from 'graphql';

/**
 * Look-ahead at what a client selected under the field being resolved (issue 17: a list that reads
 * its relations in the same statement as its page must know which ones are asked for).
 *
 * A selection is a tree keyed by field NAME (not alias): `a: child { id } b: child { name }` is one
 * `child` with both sub-fields. Fragment spreads and inline fragments are followed whatever their
 * type condition, and `@skip` / `@include` are evaluated with the operation's variables. The answer
 * may only ever say MORE than GraphQL will resolve (a fragment on a type that does not match, an
 * argument an alias changes), never less: a caller uses it to read ahead, and what it reads ahead
 * for nothing costs time, not correctness.
 */
export interface Selection {
  readonly fields: ReadonlyMap<string, Selection>;
}

/** What `selectionOf` needs of GraphQLResolveInfo (so that tests can build one from a document). */
export interface SelectionInfo {
  readonly fieldNodes: readonly FieldNode[];
  readonly fragments: Record<string, FragmentDefinitionNode>;
  readonly variableValues: Record<string, unknown>;
}

const EMPTY: Selection = { fields: new Map() };

/** The selection under the field being resolved (all of its field nodes merged). */
export function selectionOf(info: SelectionInfo): Selection {
  const fields = new Map<string, Selection>();
  for (const node of info.fieldNodes) if (node.selectionSet) collect(node.selectionSet, info, fields, new Set());
  return { fields };
}

/** The selection at `path` below `selection` (e.g. 'edges', 'node'); empty when not selected. */
export function selectedAt(selection: Selection, ...path: string[]): Selection {
  let at: Selection | undefined = selection;
  for (const name of path) {
    at = at.fields.get(name);
    if (!at) return EMPTY;
  }
  return at;
}

/** Whether `name` is selected directly under `selection`. */
export function isSelected(selection: Selection, name: string): boolean {
  return selection.fields.has(name);
}

function included(node: Parameters<typeof getDirectiveValues>[1], variables: Record<string, unknown>): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

function collect(
  set: SelectionSetNode,
  info: SelectionInfo,
  into: Map<string, Selection>,
  spreading: Set<string>,
): void {
  for (const node of set.selections) {
    if (!included(node, info.variableValues)) continue;
    if (node.kind === Kind.FIELD) {
      const name = node.name.value;
      let below = into.get(name) as { fields: Map<string, Selection> } | undefined;
      if (!below) {
        below = { fields: new Map() };
        into.set(name, below);
      }
      if (node.selectionSet) collect(node.selectionSet, info, below.fields, spreading);
    } else if (node.kind === Kind.INLINE_FRAGMENT) {
      collect(node.selectionSet, info, into, spreading);
    } else {
      const name = node.name.value;
      const fragment = info.fragments[name];
      // A fragment cycle is a validation error GraphQL refuses before resolving; guard anyway.
      if (!fragment || spreading.has(name)) continue;
      spreading.add(name);
      collect(fragment.selectionSet, info, into, spreading);
      spreading.delete(name);
    }
  }
}
