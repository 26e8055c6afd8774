import type { Logger } from 'pino';

/**
 * A job that runs every `intervalMs`. Runs never overlap; a failed run is logged and the next
 * one comes as usual. Every task must be idempotent: safe to run twice and after a crash.
 */
export abstract class IntervalTask {
  abstract readonly name: string;
  abstract readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private onlyWhen: (() => boolean) | undefined;

  constructor(protected readonly log: Logger) {}

  protected abstract run(): Promise<void>;

  /**
   * Skips the scheduled runs while `condition` does not hold: a platform-wide job runs on the
   * replica that leads, and the others take over its schedule when they lead.
   */
  runOnlyWhen(condition: () => boolean): this {
    this.onlyWhen = condition;
    return this;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.onlyWhen?.() ?? true) void this.runOnce();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Runs now unless a run is in progress (then waits for that one). */
  runOnce(): Promise<void> {
    this.running ??= this.run()
      .catch((err: unknown) => this.log.error({ err, task: this.name }, 'task failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
