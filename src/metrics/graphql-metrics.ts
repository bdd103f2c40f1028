import { DocumentNode, Kind, OperationDefinitionNode } from 'graphql';
import { MetricsService } from './metrics.service';

type Tagged = { url: string; method: string; cpOperation?: string; cpErrorCodes?: string[] };
interface Instance {
  addHook(name: 'onResponse', hook: (request: Tagged, reply: { elapsedTime: number }) => Promise<void>): unknown;
  graphql: {
    addHook(
      name: 'preValidation' | 'preExecution',
      hook: (schema: unknown, document: DocumentNode, context: { reply?: { request: Tagged } }) => Promise<void>,
    ): unknown;
  };
}

const MAX_NAME = 64;

/** `Mutation.raiseEscalation`: the operation type and its first root field, bounded by the schema. */
export function operationLabel(document: DocumentNode, operationName?: string | null): string {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = ops.find((o) => o.name?.value === operationName) ?? ops[0];
  if (!op) return 'unknown';
  const type = op.operation === 'query' ? 'Query' : op.operation === 'mutation' ? 'Mutation' : 'Subscription';
  const field = op.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  const name = field?.kind === Kind.FIELD ? field.name.value : 'fragment';
  return `${type}.${name}`.slice(0, MAX_NAME);
}

/**
 * Request rate, latency and errors per GraphQL operation. The operation is named once the query is
 * parsed (preValidation, so refused queries count too; preExecution for cached ones); the errors' codes come from the one
 * error mapping (graphql-options.ts tags the request); the response closes the measurement.
 */
export function instrumentGraphql(fastify: unknown, metrics: MetricsService): void {
  const instance = fastify as Instance;
  const name = async (_schema: unknown, document: DocumentNode, context: { reply?: { request: Tagged } }) => {
    // Operations over a WebSocket have no HTTP reply: they are not HTTP requests to count.
    const request = context.reply?.request;
    if (!request) return;
    request.cpOperation ??= operationLabel(
      document,
      (request as { body?: { operationName?: string } }).body?.operationName,
    );
  };
  // A query Mercurius has cached skips parsing and validation: preExecution names those.
  instance.graphql.addHook('preValidation', name);
  instance.graphql.addHook('preExecution', name);
  instance.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'POST' || request.url.split('?')[0] !== '/graphql') return;
    const operation = request.cpOperation ?? 'unparsed';
    const codes = request.cpErrorCodes ?? [];
    metrics.requests.inc({ operation, outcome: codes.length ? 'error' : 'ok' });
    metrics.latency.observe({ operation }, reply.elapsedTime / 1000);
    for (const code of codes) metrics.errors.inc({ operation, code });
  });
}

/** Called by the error formatter: remembers the codes for the request's metrics. */
export function tagErrorCodes(context: unknown, codes: string[]): void {
  const request = (context as { reply?: { request?: Tagged } } | undefined)?.reply?.request;
  if (request) request.cpErrorCodes = codes;
}
