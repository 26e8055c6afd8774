import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLog } from '../testing/fakePlatform.js';
import { IntervalTask } from './task.js';

class CountingTask extends IntervalTask {
  readonly name = 'counting';
  readonly intervalMs = 1000;
  runs = 0;

  constructor() {
    super(silentLog);
  }

  protected run(): Promise<void> {
    this.runs += 1;
    return Promise.resolve();
  }
}

describe('IntervalTask', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs on its schedule', async () => {
    const task = new CountingTask();
    task.start();
    await vi.advanceTimersByTimeAsync(3000);
    await task.stop();
    expect(task.runs).toBe(3);
  });

  it('skips the scheduled runs while its condition does not hold (a follower replica)', async () => {
    let leading = false;
    const task = new CountingTask().runOnlyWhen(() => leading);
    task.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(task.runs).toBe(0);
    leading = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(task.runs).toBe(2);
    leading = false;
    await vi.advanceTimersByTimeAsync(2000);
    await task.stop();
    expect(task.runs).toBe(2);
  });
});
