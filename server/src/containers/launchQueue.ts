/** Gives back a turn in the launch queue; calling it again does nothing. */
export type Release = () => void;

/**
 * First in, first out: at most `capacity` launches of the whole platform do their work at once;
 * the others wait in the order they came and hear their place in line (1: next) each time it
 * changes. Serving early comers first means most people wait much less than if everyone started
 * together and each waited for the slowest, and the engine is not swamped by hundreds of starts
 * at once. One process keeps it in memory (`MemoryLaunchQueue`); replicas share one in the store
 * (`SharedLaunchQueue`). Both pass `launchQueueContract`.
 */
export interface LaunchQueue {
  readonly capacity: number;
  /**
   * Resolves when it is this launch's turn, with the function that ends the turn; until then
   * `onPosition` hears its place in line (not at all when there is a free turn at once).
   */
  acquire(onPosition: (position: number) => void): Promise<Release>;
  /** Launches of this process waiting for a turn. */
  readonly length: number;
  /** Stops following the queue (launches still waiting get no turn). */
  close(): void;
}

interface Waiter {
  start: (release: Release) => void;
  onPosition: (position: number) => void;
}

/** The launch queue of a single process. */
export class MemoryLaunchQueue implements LaunchQueue {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly capacity: number) {
    checkCapacity(capacity);
  }

  acquire(onPosition: (position: number) => void): Promise<Release> {
    if (this.active < this.capacity && this.waiting.length === 0) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((start) => {
      this.waiting.push({ start, onPosition });
      onPosition(this.waiting.length);
    });
  }

  get length(): number {
    return this.waiting.length;
  }

  close(): void {}

  /** Launches doing their work now. */
  get running(): number {
    return this.active;
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.next();
    };
  }

  private next(): void {
    const first = this.waiting.shift();
    if (!first) return;
    this.active++;
    first.start(this.releaser());
    this.waiting.forEach((waiter, index) => waiter.onPosition(index + 1));
  }
}

/** Throws unless the capacity is a whole number of at least 1. */
export function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`capacity must be a whole number of at least 1, not ${capacity}`);
  }
}
