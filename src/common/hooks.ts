/**
 * Steps other modules register to run inside an owner's command, in its transaction: the owner
 * stays unaware of them (the dependency points from the listener to the owner, never back).
 */
export class Hooks<Args extends unknown[]> {
  private readonly hooks: ((...args: Args) => Promise<void>)[] = [];

  register(hook: (...args: Args) => Promise<void>): void {
    this.hooks.push(hook);
  }

  async run(...args: Args): Promise<void> {
    for (const hook of this.hooks) await hook(...args);
  }
}
