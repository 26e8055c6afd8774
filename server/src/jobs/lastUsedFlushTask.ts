import type { Logger } from 'pino';
import type { LastUsedTracker } from '../containers/lastUsed.js';
import { IntervalTask } from './task.js';

/** Writes `last_used` from proxied traffic once a minute. */
export class LastUsedFlushTask extends IntervalTask {
  readonly name = 'last-used-flush';
  readonly intervalMs = 60_000;

  constructor(
    private readonly tracker: LastUsedTracker,
    log: Logger,
  ) {
    super(log);
  }

  protected run(): Promise<void> {
    return this.tracker.flush();
  }
}
