import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { workBudgetRule } from './work-budget';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  Source,
  specifiedRules,
  TokenKind,
  validate,
  ValidationRule,
} from 'graphql';

/**
 * Limits sized for this schema: the deepest honest query is an auditor page
 * (escalations > edges > node > stages > assignedTo > team > manager ...), about 9 levels.
 */
export const GUARD_RAILS = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxCost: 20_000,
  maxTokens: 3_000,
  bodyLimitBytes: 256 * 1024,
} as const;

export function validationRules(production: boolean): ValidationRule[] {
  const rules: ValidationRule[] = [
    maxDepthRule({
      n: GUARD_RAILS.maxDepth,
      exposeLimits: true,
      ignoreIntrospection: true,
    }) as unknown as ValidationRule,
    maxAliasesRule({ n: GUARD_RAILS.maxAliases, exposeLimits: true }) as unknown as ValidationRule,
    maxDirectivesRule({ n: GUARD_RAILS.maxDirectives, exposeLimits: true }) as unknown as ValidationRule,
    costLimitRule({
      maxCost: GUARD_RAILS.maxCost,
      exposeLimits: true,
      ignoreIntrospection: true,
    }) as unknown as ValidationRule,
    workBudgetRule,
  ];
  if (production) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

/**
 * Mercurius retries a document that fails to parse as a JSON-encoded AST and validates whatever
 * that yields, so `"5"` or a hand-made AST would reach graphql-js unchecked (a crash, reported as
 * an internal error). No JSON text is a valid GraphQL document, so refusing JSON loses nothing.
 */
export function assertNotJsonDocument(source: string): void {
  // JSON text starts with one of {["-0123456789tfn (after blanks); most documents (`query ...`,
  // `mutation ...`) do not, and need no JSON.parse and its thrown SyntaxError to tell.
  if (!JSON_START.test(source)) return;
  try {
    JSON.parse(source);
  } catch {
    return;
  }
  throw new GraphQLError('The query must be GraphQL source text', { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Counts lexical tokens before parsing, so a huge document is refused cheaply. */
export function assertTokenLimit(source: string): void {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > GUARD_RAILS.maxTokens) {
        throw new GraphQLError(`Query has more than ${GUARD_RAILS.maxTokens} tokens`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
    }
  } catch (error) {
    if (error instanceof GraphQLError) throw error;
    throw new GraphQLError('The query could not be read', { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

const JSON_START = /^[\s]*[{["\-0-9tfn]/;

/**
 * Documents that passed guardSource, by their text (issue 17): an HTTP request is checked by the
 * preHandler and again by Mercurius' preParsing hook, which runs before its own cache, on every
 * request. Bounded in entries and in length; a refused text is never kept.
 */
export const ACCEPTED_SOURCES = { maxEntries: 1_000, maxLength: 8_192 } as const;
const accepted = new Set<string>();

/** The checks on a document's text, for every transport: token count, and no JSON in disguise. */
export function guardSource(source: string): void {
  if (accepted.has(source)) return;
  assertTokenLimit(source);
  assertNotJsonDocument(source);
  if (source.length > ACCEPTED_SOURCES.maxLength) return;
  if (accepted.size >= ACCEPTED_SOURCES.maxEntries) accepted.delete(accepted.values().next().value as string);
  accepted.add(source);
}

/** Refused documents, carried the way Mercurius carries its own validation errors (`errors`). */
export class DocumentRefused extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors[0]?.message ?? 'The document is not valid');
  }
}

/**
 * A subscription document validated exactly as Mercurius validates a query: the specified rules
 * (unknown fields included) and the guard rails (depth, aliases, directives, cost).
 */
export function guardDocument(schema: GraphQLSchema, document: DocumentNode, production: boolean): void {
  const errors = validate(schema, document, [...specifiedRules, ...validationRules(production)]);
  if (errors.length) throw new DocumentRefused(errors);
}
