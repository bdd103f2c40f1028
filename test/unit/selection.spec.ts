import { FieldNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { isSelected, selectedAt, Selection, selectionOf, SelectionInfo } from '../../src/graphql/selection';

/** The info of the operation's first root field, as GraphQL would hand it to its resolver. */
function infoOf(query: string, variableValues: Record<string, unknown> = {}): SelectionInfo {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const field = operation.selectionSet.selections[0] as FieldNode;
  return { fieldNodes: [field], fragments, variableValues };
}

const names = (s: Selection) => [...s.fields.keys()].sort();

describe('selection look-ahead', () => {
  it('lists the fields under a path, by name', () => {
    const s = selectionOf(infoOf('{ escalations { totalCount edges { cursor node { id child { id } } } } }'));
    expect(names(s)).toEqual(['edges', 'totalCount']);
    expect(names(selectedAt(s, 'edges', 'node'))).toEqual(['child', 'id']);
    expect(names(selectedAt(s, 'edges', 'node', 'child'))).toEqual(['id']);
    expect(isSelected(selectedAt(s, 'edges', 'node'), 'stages')).toBe(false);
    expect(names(selectedAt(s, 'nodes'))).toEqual([]);
  });

  it('merges aliases of one field and keys them by field name', () => {
    const s = selectedAt(
      selectionOf(
        infoOf('{ escalation(id: "x") { a: stages { stage } b: stages { assignedTo { id } } kid: child { id } } }'),
      ),
    );
    expect(names(s)).toEqual(['child', 'stages']);
    expect(names(selectedAt(s, 'stages'))).toEqual(['assignedTo', 'stage']);
  });

  it('follows fragment spreads, nested ones and inline fragments', () => {
    const s = selectionOf(
      infoOf(`query { escalations { edges { node { ...E ... on Escalation { history { actor { id } } } } } } }
        fragment E on Escalation { id ...S }
        fragment S on Escalation { stages { assignedTo { name } } }`),
    );
    const node = selectedAt(s, 'edges', 'node');
    expect(names(node)).toEqual(['history', 'id', 'stages']);
    expect(isSelected(selectedAt(node, 'history'), 'actor')).toBe(true);
    expect(isSelected(selectedAt(node, 'stages'), 'assignedTo')).toBe(true);
  });

  it('evaluates @skip and @include, literal or from variables', () => {
    const query = `query($withHistory: Boolean!, $noActions: Boolean!) { escalation(id: "x") {
      id history @include(if: $withHistory) { action } actions @skip(if: $noActions) { id }
      child @skip(if: true) { id } raisedBy @include(if: true) { id } stages @include(if: false) { stage } } }`;
    expect(names(selectionOf(infoOf(query, { withHistory: true, noActions: false })))).toEqual([
      'actions',
      'history',
      'id',
      'raisedBy',
    ]);
    expect(names(selectionOf(infoOf(query, { withHistory: false, noActions: true })))).toEqual(['id', 'raisedBy']);
  });

  it('skips a fragment spread or an inline fragment under @skip', () => {
    const s = selectionOf(
      infoOf(
        `query($x: Boolean!) { escalation(id: "x") { id ...H @skip(if: $x) ... @include(if: $x) { child { id } } } }
         fragment H on Escalation { history { action } }`,
        { x: true },
      ),
    );
    expect(names(s)).toEqual(['child', 'id']);
  });

  it('merges the field nodes GraphQL hands to one resolver', () => {
    const info = infoOf('{ escalation(id: "x") { id } }');
    const other = infoOf('{ escalation(id: "x") { stages { stage } } }');
    const s = selectionOf({ ...info, fieldNodes: [...info.fieldNodes, ...other.fieldNodes] });
    expect(names(s)).toEqual(['id', 'stages']);
  });
});
