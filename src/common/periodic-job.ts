/**
 * Work repeated every so often on this instance: never two runs at once, the timer never keeping
 * the process alive, and the run in flight awaited at shutdown. What is due always lives in the
 * database, so a missed or doubled tick (or several instances) changes nothing.
 */
export class PeriodicJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  /** `work` reports its own outcome (logs, metrics); a rejection only ends that run. */
  constructor(private readonly work: () => Promise<void>) {}

  /** Every `intervalMs`; 0 never. */
  start(intervalMs: number): void {
    if (!intervalMs) return;
    this.timer = setInterval(() => void this.runNow().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  /** One run now, or the one already going. */
  runNow(): Promise<void> {
    this.running ??= this.work().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
