import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLSchema,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isRequiredArgument,
  isRequiredInputField,
  isScalarType,
} from 'graphql';
import { AUTHORIZATION_DOC, authorizationMarkdown } from '../../scripts/authorization-doc';
import { allowedByRole, OPERATION_POLICY } from '../../src/auth/operation-policy';
import { ALL_ROLES, Role } from '../../src/auth/role';
import { gql, GqlResult, Person, startTestApp, TestApp, uniqueAuthority } from '../helpers/test-app';

const ROLE_REFUSAL = (field: string) => `Your roles do not allow ${field}`;

const SCALAR_SAMPLES: Record<string, () => unknown> = {
  ID: () => randomUUID(),
  String: () => 'x',
  Int: () => 1,
  Float: () => 1,
  Boolean: () => false,
  Date: () => '2024-01-15',
  DateTime: () => '2024-01-15T10:00:00.000Z',
  JSON: () => ({}),
};

/** A minimal value that passes variable coercion: required fields only, dummy ids. */
export function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter(isRequiredInputField)
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  if (isScalarType(type)) {
    const make = SCALAR_SAMPLES[type.name];
    if (!make) throw new Error(`no sample for scalar ${type.name}: add one to SCALAR_SAMPLES`);
    return make();
  }
  throw new Error(`cannot sample ${String(type)}`);
}

/** The smallest operation that calls one root field: its required arguments as variables, __typename for objects. */
export function minimalOperation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter(isRequiredArgument);
  const declarations = args.map((a, i) => `$a${i}: ${String(a.type)}`).join(', ');
  const call = args.length ? `(${args.map((a, i) => `${a.name}: $a${i}`).join(', ')})` : '';
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${kind}${declarations ? `(${declarations})` : ''} { ${field.name}${call}${selection} }`,
    variables: Object.fromEntries(args.map((a, i) => [`a${i}`, sample(a.type)])),
  };
}

const rootFields = (schema: GraphQLSchema) =>
  [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
    .filter((t): t is GraphQLObjectType => !!t)
    .flatMap((type) =>
      Object.values(type.getFields()).map((field) => ({
        type: type.name,
        field,
        operation: `${type.name}.${field.name}`,
      })),
    );

interface Call {
  operation: string;
  role: Role;
  allowed: boolean;
  result: GqlResult;
}

describe('authorization matrix: every role × every root operation', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  const calls: Call[] = [];
  const authority = uniqueAuthority('authz');
  const person = (role: Role): Person => ({ sub: `matrix-${role.toLowerCase()}`, roles: [role], authority });
  const describeCall = (c: Call) =>
    `${c.role} ${c.operation}: ${JSON.stringify(c.result.errors?.map((e) => [e.extensions.code, e.message]) ?? 'ok')}`;

  beforeAll(async () => {
    t = await startTestApp();
    schema = t.app.get(GraphQLSchemaHost).schema;
    for (const role of ALL_ROLES) await gql(t, person(role), '{ me { id } }');
    // Every Query and Mutation field, as every role; roles in parallel, fields one after another.
    for (const { type, field, operation } of rootFields(schema).filter((f) => f.type !== 'Subscription')) {
      const { query, variables } = minimalOperation(type === 'Query' ? 'query' : 'mutation', field);
      const results = await Promise.all(ALL_ROLES.map((role) => gql(t, person(role), query, variables)));
      ALL_ROLES.forEach((role, i) =>
        calls.push({
          operation,
          role,
          allowed: allowedByRole(OPERATION_POLICY[operation], [role]),
          result: results[i],
        }),
      );
    }
  }, 120_000);
  afterAll(() => t.close());

  it('has a row in OPERATION_POLICY for every root operation of the schema', () => {
    const fields = rootFields(schema).map((f) => f.operation);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter((operation) => !OPERATION_POLICY[operation])).toEqual([]);
  });

  it('exercised every Query and Mutation field for every role', () => {
    const expected = rootFields(schema).filter((f) => f.type !== 'Subscription').length * ALL_ROLES.length;
    expect(calls).toHaveLength(expected);
  });

  it('refuses every role that the policy does not allow, with FORBIDDEN and no data', () => {
    const fieldOf = (c: Call) => c.operation.split('.')[1];
    const letThrough = calls
      .filter((c) => !c.allowed)
      .filter(
        (c) =>
          !c.result.errors?.some((e) => e.extensions.code === 'FORBIDDEN' && e.message === ROLE_REFUSAL(fieldOf(c))) ||
          c.result.data?.[fieldOf(c)] != null,
      );
    expect(letThrough.map(describeCall)).toEqual([]);
  });

  it('never refuses an allowed role by role (relationship checks and dummy ids may still refuse)', () => {
    const refused = calls.filter(
      (c) => c.allowed && c.result.errors?.some((e) => e.message.startsWith('Your roles do not allow')),
    );
    expect(refused.map(describeCall)).toEqual([]);
  });

  it('answers every call with a contract error code, never INTERNAL_SERVER_ERROR or HTTP 5xx', () => {
    const broken = calls.filter(
      (c) => c.result.status >= 500 || c.result.errors?.some((e) => e.extensions.code === 'INTERNAL_SERVER_ERROR'),
    );
    expect(broken.map(describeCall)).toEqual([]);
  });

  it('docs/authorization.md is current (regenerate: node -r @swc-node/register scripts/authorization-doc.ts)', () => {
    expect(readFileSync(AUTHORIZATION_DOC, 'utf8')).toBe(authorizationMarkdown());
  });
});
