import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { signDevToken } from '../auth/dev-token';
import { Principal } from '../auth/principal';

/**
 * Seeds go through the application's own GraphQL API (app.inject: no port, no network), as the
 * people themselves, so that every validation, invariant and audit event holds as for real use.
 */
export class DemoClient {
  private readonly tokens = new Map<string, Promise<string>>();
  calls = 0;

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly secret: string,
  ) {}

  async gql<T = any>(who: Principal, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const key = `${who.authority}:${who.subject}`;
    if (!this.tokens.has(key)) this.tokens.set(key, signDevToken(this.secret, who, { expiresIn: '2h' }));
    const res = await this.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${await this.tokens.get(key)}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ query, variables }),
    });
    this.calls++;
    const body = res.json() as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) {
      const first = body.errors[0];
      throw new Error(
        `seed: ${query.slice(0, 60).replace(/\s+/g, ' ')}... as ${who.subject}: ${first.extensions?.code ?? ''} ${first.message}`,
      );
    }
    return body.data as T;
  }
}

/** A one-line progress bar on stderr; on a non-TTY (CI, logs) a line every 10%. */
export class ProgressBar {
  private done = 0;
  private lastDecile = -1;
  private readonly started = performance.now();

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(n = 1): void {
    this.done += n;
    const fraction = this.total ? this.done / this.total : 1;
    const elapsed = ((performance.now() - this.started) / 1000).toFixed(1);
    if (this.stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      this.stream.write(
        `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ${elapsed}s`,
      );
      if (this.done >= this.total) this.stream.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${this.label}: ${this.done}/${this.total} (${Math.round(fraction * 100)}%) ${elapsed}s\n`);
    }
  }
}

/** Runs the tasks with at most `concurrency` in flight. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
