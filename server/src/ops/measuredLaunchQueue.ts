import type { LaunchQueue, Release } from '../containers/launchQueue.js';
import type { Metrics } from './metrics.js';

/**
 * A launch queue, measured: every turn's wait goes to `spawner_launch_queue_wait_seconds`
 * (0 for a turn given at once, so its quantiles are those of all launches), and the number of
 * this process's launches waiting is read at each scrape.
 */
export class MeasuredLaunchQueue implements LaunchQueue {
  constructor(
    private readonly queue: LaunchQueue,
    private readonly metrics: Metrics,
  ) {
    metrics.countQueueFrom(this);
  }

  get capacity(): number {
    return this.queue.capacity;
  }

  get length(): number {
    return this.queue.length;
  }

  async acquire(onPosition: (position: number) => void): Promise<Release> {
    const end = this.metrics.queueWait.startTimer();
    const release = await this.queue.acquire(onPosition);
    end();
    return release;
  }

  close(): void {
    this.queue.close();
  }
}
