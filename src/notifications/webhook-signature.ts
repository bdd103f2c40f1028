import { createHmac } from 'node:crypto';

/** The header a receiver checks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-cp-signature';
export const DELIVERY_HEADER = 'x-cp-delivery-id';
export const EVENT_HEADER = 'x-cp-event';

/**
 * Signs a webhook body. The timestamp is inside the signed text, so a receiver can refuse a
 * replay (older than, say, five minutes) as well as a forgery.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
