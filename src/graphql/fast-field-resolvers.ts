import { FIELD_RESOLVER_MIDDLEWARE_METADATA, FIELD_TYPENAME, PARAM_ARGS_METADATA } from '@nestjs/graphql';
// Not exported from the package's root; its exports map allows the files ("./*"), with their extension.
import { GqlParamtype } from '@nestjs/graphql/dist/enums/gql-paramtype.enum.js';
import { ResolversExplorerService } from '@nestjs/graphql/dist/services/resolvers-explorer.service.js';

/**
 * Field resolvers without Nest's per-call wrapper (issue 17, cause 3).
 *
 * A `@ResolveField` whose parameters are only `@Parent()`, `@Context()` and `@Info()` has nothing
 * for a guard, a pipe, an interceptor or an exception filter to do: guards and validation belong
 * to the root operation (its `@Args`), and a field resolver's data is scoped by the loaders'
 * own authority filter. Nest still runs each such call through its ExternalContextCreator (a null
 * array, a Promise.all over the parameters, the global pipe per parameter, the interceptor chain:
 * several promises per field, thousands per auditor page). This hands GraphQL the method itself,
 * with its parameters taken from the resolver arguments exactly as GqlParamsFactory does.
 *
 * Anything else keeps Nest's path: root operations, field resolvers with `@Args` (validated by the
 * global pipe), custom parameter decorators, parameter pipes, field middleware, request-scoped
 * resolvers, and field resolvers when `fieldResolverEnhancers` asks for guards, interceptors or
 * filters. test/e2e/field-resolver-enhancers.e2e.spec.ts proves the guard and the validation still
 * refuse at the root, and that the page resolves the same.
 */

const { ROOT, CONTEXT, INFO } = GqlParamtype;
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

interface ParamMetadata {
  index: number;
  data?: string;
  pipes?: unknown[];
}
interface ResolverMetadata {
  type?: string;
  methodName: string;
}
type Method = (...params: unknown[]) => unknown;
type Resolve = (root: unknown, args: unknown, ctx: unknown, info: unknown) => unknown;

/** The direct resolver for `methodName`, or undefined where Nest's own path is needed. */
export function directFieldResolver(instance: object, methodName: string): Resolve | undefined {
  const method = (instance as Record<string, unknown>)[methodName] as Method | undefined;
  if (typeof method !== 'function') return undefined;
  if ((Reflect.getMetadata(FIELD_RESOLVER_MIDDLEWARE_METADATA, method) as unknown[] | undefined)?.length)
    return undefined;
  const metadata = (Reflect.getMetadata(PARAM_ARGS_METADATA, instance.constructor, methodName) ?? {}) as Record<
    string,
    ParamMetadata
  >;
  const params: { index: number; type: number; data?: string }[] = [];
  for (const [key, param] of Object.entries(metadata)) {
    const type = Number(key.split(':')[0]); // a custom decorator's key is not a number
    if (type !== ROOT && type !== CONTEXT && type !== INFO) return undefined;
    if (param.pipes?.length) return undefined;
    params.push({ index: param.index, type, data: param.data });
  }
  const arity = params.reduce((n, p) => Math.max(n, p.index + 1), 0);
  return function resolveField(root, _args, ctx, info) {
    const values: unknown[] = new Array(arity);
    for (const p of params) {
      const source = p.type === ROOT ? root : p.type === CONTEXT ? ctx : info;
      values[p.index] = p.type !== ROOT && p.data && source ? (source as Record<string, unknown>)[p.data] : source;
    }
    return method.apply(instance, values);
  };
}

let installed = false;

/** Installs the direct path into @nestjs/graphql's resolver explorer (once per process). */
export function installFastFieldResolvers(): void {
  if (installed) return;
  installed = true;
  const proto = ResolversExplorerService.prototype as unknown as {
    createContextCallback(
      this: {
        gqlOptions?: { fieldResolverEnhancers?: unknown[]; buildSchemaOptions?: { fieldMiddleware?: unknown[] } };
      },
      instance: object,
      prototype: object,
      wrapper: unknown,
      moduleRef: unknown,
      resolver: ResolverMetadata,
      isRequestScoped: boolean,
      transform?: unknown,
    ): unknown;
  };
  const nests = proto.createContextCallback;
  proto.createContextCallback = function (
    instance,
    prototype,
    wrapper,
    moduleRef,
    resolver,
    isRequestScoped,
    transform,
  ) {
    const enhanced =
      (this.gqlOptions?.fieldResolverEnhancers?.length ?? 0) > 0 ||
      (this.gqlOptions?.buildSchemaOptions?.fieldMiddleware?.length ?? 0) > 0;
    const isField =
      resolver.type !== undefined && !ROOT_TYPES.has(resolver.type) && resolver.methodName !== FIELD_TYPENAME;
    const direct =
      isField && !isRequestScoped && !enhanced && !transform
        ? directFieldResolver(instance, resolver.methodName)
        : undefined;
    // eslint-disable-next-line prefer-rest-params -- Nest's own arguments, passed on unchanged
    return direct ?? nests.apply(this, arguments as unknown as Parameters<typeof nests>);
  };
}
