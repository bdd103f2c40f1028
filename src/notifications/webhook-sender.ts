import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '../clock/clock';
import { SendOutcome } from './email-sender';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from './webhook-signature';

/**
 * POSTs one signed delivery. A timeout, a connection failure, 408, 429 or 5xx is retried; any other
 * answer that is not 2xx (a redirect included: it is not followed) will not improve by retrying.
 */
@Injectable()
export class WebhookSender {
  private readonly timeoutMs: number;

  constructor(
    config: ConfigService,
    private readonly clock: Clock,
  ) {
    this.timeoutMs = Number(config.get('WEBHOOK_TIMEOUT_MS') ?? 10_000);
  }

  async send(
    url: string,
    secret: string,
    delivery: { id: string; eventType: string; body: string },
  ): Promise<SendOutcome> {
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    try {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'cp-workflow-webhooks',
          [DELIVERY_HEADER]: delivery.id,
          [EVENT_HEADER]: delivery.eventType,
          [SIGNATURE_HEADER]: signWebhook(secret, delivery.body, timestamp),
        },
        body: delivery.body,
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true };
      return {
        ok: false,
        retry: res.status >= 500 || res.status === 408 || res.status === 429,
        error: `HTTP ${res.status}`,
      };
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError')
        return { ok: false, retry: true, error: `timed out after ${this.timeoutMs} ms` };
      const code = (error as { cause?: { code?: string } })?.cause?.code;
      return { ok: false, retry: true, error: `connection failed${code ? ` (${code})` : ''}` };
    }
  }
}
