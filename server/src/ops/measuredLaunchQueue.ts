import { LaunchQueue, type Release } from '../containers/launchQueue.js';
import type { Metrics } from './metrics.js';

/**
 * The launch queue, measured: every turn's wait goes to `spawner_launch_queue_wait_seconds`
 * (0 for a turn given at once, so its quantiles are those of all launches), and the queue's
 * length is read at each scrape.
 */
export class MeasuredLaunchQueue extends LaunchQueue {
  constructor(
    capacity: number,
    private readonly metrics: Metrics,
  ) {
    super(capacity);
    metrics.countQueueFrom(this);
  }

  override async acquire(onPosition: (position: number) => void): Promise<Release> {
    const end = this.metrics.queueWait.startTimer();
    const release = await super.acquire(onPosition);
    end();
    return release;
  }
}
