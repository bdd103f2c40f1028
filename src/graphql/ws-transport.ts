import { ExecutionResult } from 'graphql';
import { WsSession } from './ws-sessions';
import { authorityScope } from '../common/authority-scope';

type Formatter = (execution: ExecutionResult, context: unknown) => { response: { errors?: unknown[] } };

interface Connection {
  context?: { wsSession?: WsSession };
  errorFormatter?: Formatter;
  protocolMessageTypes: { GQL_ERROR: string; GQL_DATA: string; GQL_COMPLETE: string };
  sendMessage(type: string, id: string | undefined, payload: unknown): Promise<void>;
  _executeQueryOrMutation(args: unknown): Promise<void>;
  _executeSubscription(args: unknown): Promise<void>;
}

let patched = false;

/**
 * Mercurius sends WebSocket error frames, and the results of queries and mutations run over the
 * socket, without the errorFormatter: no `extensions.code`, and an unexpected error's own message.
 * Every frame it sends goes through `sendMessage`, so the one error mapping is applied there, and a
 * subscription that ends (complete or error) gives back its slot under the per-subject cap. A
 * query or mutation on a socket counts against the subject's concurrent limit, as over HTTP.
 */
export function routeSocketFramesThroughErrorMapping(): void {
  if (patched) return;
  patched = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- Mercurius does not export the class
  const { prototype } = require('mercurius/lib/subscription-connection') as { prototype: Connection };
  const send = prototype.sendMessage;
  prototype.sendMessage = function (this: Connection, type, id, payload) {
    const types = this.protocolMessageTypes;
    if (id !== undefined && (type === types.GQL_ERROR || type === types.GQL_COMPLETE))
      this.context?.wsSession?.endSubscription(id);
    const format = (errors: readonly unknown[], data: unknown = null) =>
      this.errorFormatter
        ? this.errorFormatter(
            { data: data as ExecutionResult['data'], errors: errors as ExecutionResult['errors'] },
            this.context,
          ).response.errors
        : errors;
    if (type === types.GQL_ERROR && Array.isArray(payload)) {
      payload = format(payload);
    } else if (type === types.GQL_DATA && Array.isArray((payload as ExecutionResult | null)?.errors)) {
      const result = payload as ExecutionResult;
      // Subscription events were formatted already (plain objects); query results were not.
      if (result.errors!.some((e) => e instanceof Error))
        payload = { ...result, errors: format(result.errors!, result.data ?? null) };
    }
    return send.call(this, type, id, payload);
  };
  const execute = prototype._executeQueryOrMutation;
  prototype._executeQueryOrMutation = async function (this: Connection, args) {
    const release = this.context?.wsSession?.startOperation(); // RATE_LIMITED goes out as an error frame
    try {
      return await authorityScope.run({}, () => execute.call(this, args));
    } finally {
      release?.();
    }
  };
  // Each operation on a socket runs in its own authority scope, as an HTTP request does.
  const subscribe = prototype._executeSubscription;
  prototype._executeSubscription = function (this: Connection, args) {
    return authorityScope.run({}, () => subscribe.call(this, args));
  };
}
