import { randomUUID } from 'node:crypto';

/** A caller's x-request-id is kept when it is sane (short, plain characters); else a new one. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The one request id of a request: for the reply header and every log line. */
export function requestIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
