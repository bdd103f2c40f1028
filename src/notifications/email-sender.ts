import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import { DeliveryItem } from './delivery-item';
import { headlineFor } from './notification-kinds';

export interface SendOutcome {
  ok: boolean;
  /** a failure worth trying again (connection, timeout, 4xx SMTP reply, 5xx HTTP) */
  retry?: boolean;
  /** short, with no address, token or personal data: it is shown to ADMIN and logged */
  error?: string;
}

// The worker holds the delivery's row while it sends: a silent server must not hold it for
// nodemailer's default minutes. Query parameters in SMTP_URL still win.
const TIMEOUTS = { connectionTimeout: '10000', greetingTimeout: '10000', socketTimeout: '30000' };
function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, ms] of Object.entries(TIMEOUTS)) if (!url.searchParams.has(name)) url.searchParams.set(name, ms);
  return url.toString();
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const formatDue = (isoDate: string | null) => (isoDate ? longDate.format(Date.parse(`${isoDate}T00:00:00Z`)) : null);

/**
 * Inbox emails over SMTP (nodemailer; SMTP_URL, unset = off). An email says what is due and when,
 * with the escalation reference and a link, and nothing of the child or the case: it leaves the
 * authority's systems. The Message-ID is the delivery's id, so a resend after a crash between
 * the server's acceptance and our commit carries the same id (mail systems drop such duplicates).
 */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private readonly transport?: Transporter;
  private readonly from: string;
  private readonly publicUrl: string;

  constructor(config: ConfigService) {
    const url = config.get<string>('SMTP_URL');
    this.from = config.get<string>('SMTP_FROM') ?? 'Child protection workflow <no-reply@localhost>';
    this.publicUrl = (
      config.get<string>('PUBLIC_URL') ?? `http://localhost:${config.get<number>('PORT') ?? 3000}`
    ).replace(/\/+$/, '');
    if (url) this.transport = createTransport(withTimeouts(url), { from: this.from });
  }

  get enabled(): boolean {
    return !!this.transport;
  }

  linkFor(item: DeliveryItem): string {
    return item.escalationReference
      ? `${this.publicUrl}/escalations/${encodeURIComponent(item.escalationReference)}`
      : `${this.publicUrl}/inbox`;
  }

  compose(items: DeliveryItem[], digest: boolean): { subject: string; text: string } {
    const line = (item: DeliveryItem) =>
      [
        headlineFor(item.kind),
        item.dueBy ? `due by ${formatDue(item.dueBy)}` : null,
        item.escalationReference ? `escalation ${item.escalationReference}` : null,
      ]
        .filter(Boolean)
        .join(', ');
    const footer = '\n\nThis email has no case details, by design: sign in to see them.\n';
    if (!digest && items.length === 1) {
      const [item] = items;
      const subject = item.escalationReference
        ? `${item.escalationReference}: ${headlineFor(item.kind).toLowerCase()}`
        : headlineFor(item.kind);
      const text = [
        `${headlineFor(item.kind)}.`,
        item.dueBy ? `Due by: ${formatDue(item.dueBy)}` : null,
        item.escalationReference ? `Escalation: ${item.escalationReference}` : null,
        `Open it: ${this.linkFor(item)}`,
      ]
        .filter(Boolean)
        .join('\n');
      return { subject, text: text + footer };
    }
    const subject = `Your daily digest: ${items.length} new inbox item${items.length === 1 ? '' : 's'}`;
    const text = [
      `${items.length} new item${items.length === 1 ? '' : 's'} in your inbox since the last digest:`,
      '',
      ...items.map((i) => `- ${line(i)}\n  ${this.linkFor(i)}`),
    ].join('\n');
    return { subject, text: text + footer };
  }

  async send(to: string, deliveryId: string, items: DeliveryItem[], digest: boolean): Promise<SendOutcome> {
    if (!this.transport) return { ok: false, retry: false, error: 'email is off (SMTP_URL is not set)' };
    const { subject, text } = this.compose(items, digest);
    try {
      await this.transport.sendMail({
        from: this.from,
        to,
        subject,
        text,
        messageId: `<${deliveryId}@cp-workflow>`,
        headers: { 'X-CP-Delivery-Id': deliveryId },
      });
      return { ok: true };
    } catch (error) {
      const { responseCode, code, message } = error as { responseCode?: number; code?: string; message?: string };
      // A 5xx reply refuses this message for good (e.g. no such mailbox); anything else may pass later.
      if (typeof responseCode === 'number')
        return { ok: false, retry: responseCode < 500, error: `SMTP ${responseCode}` };
      // nodemailer's ESOCKET wraps the network error; name that (never the message: it may hold an address).
      const network = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN)\b/.exec(
        message ?? '',
      )?.[1];
      return { ok: false, retry: true, error: `SMTP ${network ?? code ?? 'connection failed'}` };
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
