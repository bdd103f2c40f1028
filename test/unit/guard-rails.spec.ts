import { buildSchema, GraphQLError, parse, specifiedRules, validate } from 'graphql';
import {
  assertNotJsonDocument,
  assertTokenLimit,
  GUARD_RAILS,
  guardSource,
  validationRules,
} from '../../src/graphql/guard-rails';

// A schema small enough to read, deep enough to nest past the limit (the service's own schema
// is still too shallow for that).
const schema = buildSchema(`
  type Query { node(id: ID): Node, nodes(first: Int): [Node!]! }
  type Node { id: ID!, name: String, parent: Node, children(first: Int): [Node!]! }
`);

// graphql-armor's rules throw at the first limit they meet (validation stops there, which is the
// cheap thing to do); graphql-js's own rules report. Mercurius answers both the same way.
const errorsOf = (query: string, production = false): string[] => {
  try {
    return validate(schema, parse(query), [...specifiedRules, ...validationRules(production)]).map((e) => e.message);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return [error.message];
  }
};

const nested = (levels: number) => `{ node { ${'parent { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`;

describe('guard rails: validation rules', () => {
  it('accepts an honest query', () => {
    expect(errorsOf('{ node(id: "1") { id name parent { id } children(first: 10) { id name } } }')).toEqual([]);
  });

  it(`refuses a query deeper than ${GUARD_RAILS.maxDepth} levels`, () => {
    expect(errorsOf(nested(GUARD_RAILS.maxDepth))).toEqual([]);
    expect(errorsOf(nested(GUARD_RAILS.maxDepth + 2)).join()).toMatch(
      new RegExp(`depth limit of ${GUARD_RAILS.maxDepth} exceeded`),
    );
  });

  it('counts depth through fragments', () => {
    const fragments = Array.from(
      { length: 14 },
      (_, i) => `fragment F${i} on Node { parent { ${i < 13 ? `...F${i + 1}` : 'id'} } }`,
    ).join('\n');
    expect(errorsOf(`{ node { ...F0 } }\n${fragments}`).join()).toMatch(/depth limit/);
  });

  it(`refuses more than ${GUARD_RAILS.maxAliases} aliases`, () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: node { id }`).join(' ')} }`;
    expect(errorsOf(aliases(GUARD_RAILS.maxAliases))).toEqual([]);
    expect(errorsOf(aliases(GUARD_RAILS.maxAliases + 1)).join()).toMatch(/Aliases limit/);
  });

  it(`refuses more than ${GUARD_RAILS.maxDirectives} directives`, () => {
    const directives = '@include(if: true) '.repeat(GUARD_RAILS.maxDirectives + 1);
    expect(errorsOf(`{ node { id ${directives} } }`).join()).toMatch(/Directives limit/);
  });

  it('refuses a query whose cost is too high: page sizes multiply', () => {
    expect(errorsOf('{ nodes(first: 100) { id name parent { id name } children(first: 5) { id } } }')).toEqual([]);
    expect(errorsOf('{ nodes(first: 100) { children(first: 100) { id } } }').join()).toMatch(
      new RegExp(`Cost limit of ${GUARD_RAILS.maxCost} exceeded`),
    );
  });

  it('refuses introspection in production only', () => {
    const introspection = '{ __schema { queryType { name } } __type(name: "Node") { name } }';
    expect(errorsOf(introspection, false)).toEqual([]);
    expect(errorsOf(introspection, true).join()).toMatch(/introspection has been disabled/);
    // __typename is not introspection of the schema, and clients rely on it.
    expect(errorsOf('{ __typename node { __typename id } }', true)).toEqual([]);
  });

  it('ignores introspection when counting depth', () => {
    const deepIntrospection = `{ __schema { types { fields { type { ${'ofType { '.repeat(10)}name${' }'.repeat(10)} } } } } }`;
    expect(errorsOf(deepIntrospection)).toEqual([]);
  });
});

describe('guard rails: before parsing', () => {
  it(`refuses more than ${GUARD_RAILS.maxTokens} tokens`, () => {
    const query = (n: number) => `{ node { ${'id '.repeat(n - 5)}} }`; // `{ node {` and `} }` are five tokens
    expect(() => assertTokenLimit(query(GUARD_RAILS.maxTokens))).not.toThrow();
    expect(() => assertTokenLimit(query(GUARD_RAILS.maxTokens + 1))).toThrow(
      `Query has more than ${GUARD_RAILS.maxTokens} tokens`,
    );
  });

  it('refuses an unreadable document with the syntax error', () => {
    expect(() => assertTokenLimit('{ node { id } } \u0007')).toThrow(/Syntax Error: Unexpected character/);
  });

  it('refuses JSON instead of GraphQL text (a JSON-encoded AST would skip parsing)', () => {
    for (const json of [
      '5',
      '"{ me { id } }"',
      'null',
      '[]',
      '{}',
      '{"kind":"Document","definitions":[]}',
      ' { "kind": "Document" } ',
    ]) {
      expect(() => assertNotJsonDocument(json)).toThrow('The query must be GraphQL source text');
    }
    for (const query of ['{ me { id } }', 'query Me { me { id } }', '{ __typename }', '# a comment\n{ me { id } }']) {
      expect(() => assertNotJsonDocument(query)).not.toThrow();
    }
  });

  it('remembers accepted texts only: a refused one is refused every time (issue 17)', () => {
    const query = 'query Me { me { id } }';
    expect(() => guardSource(query)).not.toThrow();
    expect(() => guardSource(query)).not.toThrow();
    for (const refused of ['{"kind":"Document","definitions":[]}', `{ ${'a '.repeat(GUARD_RAILS.maxTokens)}}`]) {
      expect(() => guardSource(refused)).toThrow();
      expect(() => guardSource(refused)).toThrow();
    }
  });
});
