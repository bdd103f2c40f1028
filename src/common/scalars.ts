import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { isValidIsoDate } from '../calendar/working-calendar';

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** The dates the service accepts anywhere (CONTRACT.md, "Input rules"). */
export const DATE_RANGE = { min: '1900-01-01', max: '2199-12-31' } as const;

/** A real calendar date inside DATE_RANGE: ISO strings of the same shape compare as dates. */
export const isAcceptedDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  isValidIsoDate(value) &&
  /^\d{4}-/.test(value) &&
  value >= DATE_RANGE.min &&
  value <= DATE_RANGE.max;

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidIsoDate(value))
    throw invalid(`Date must be a real calendar date as YYYY-MM-DD; got ${JSON.stringify(value)?.slice(0, 40)}`);
  if (!isAcceptedDate(value)) throw invalid(`Date must lie between ${DATE_RANGE.min} and ${DATE_RANGE.max}`);
  return value;
}

/** A calendar date in Europe/London, carried as 'YYYY-MM-DD' end to end: never an instant. */
export const GraphQLDate = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: "A calendar date, YYYY-MM-DD, in the authority's calendar (Europe/London).",
  parseValue: parseDate,
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw invalid('Date must be a string YYYY-MM-DD');
    return parseDate(ast.value);
  },
});

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || !isValidIsoDate(value.slice(0, 10))) {
    throw invalid(
      `DateTime must be ISO 8601 with an offset, e.g. 2026-03-02T10:00:00Z; got ${JSON.stringify(value)?.slice(0, 40)}`,
    );
  }
  if (!isAcceptedDate(value.slice(0, 10)))
    throw invalid(`DateTime must lie between ${DATE_RANGE.min} and ${DATE_RANGE.max}`);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid('DateTime is not a real instant');
  return date;
}

/** An instant, ISO 8601 with offset: when something was written or is scheduled. */
export const GraphQLDateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with offset.',
  parseValue: parseInstant,
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be a string');
    return parseInstant(ast.value);
  },
});

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    case Kind.LIST:
      return ast.values.map(literalToJson);
    default:
      return null;
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literalToJson,
});
