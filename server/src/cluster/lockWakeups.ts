/** A wait for a key's release: ends on the wake-up or after the fallback pause, whichever first. */
export interface Wakeup {
  readonly done: Promise<void>;
  cancel(): void;
}

/**
 * Tasks waiting for a key another replica holds. The holder announces each release (NOTIFY),
 * which wakes the waiters of that key at once; the fallback pause covers an announcement lost
 * with its sender's session.
 */
export class LockWakeups {
  private readonly waiters = new Map<number, Set<() => void>>();

  /** Registered before the attempt, so a release between the attempt and the wait is not missed. */
  wait(id: number, fallbackMs: number): Wakeup {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(() => end(), fallbackMs);
    const end = () => {
      clearTimeout(timer);
      const set = this.waiters.get(id);
      set?.delete(end);
      if (set?.size === 0) this.waiters.delete(id);
      finish();
    };
    let set = this.waiters.get(id);
    if (!set) this.waiters.set(id, (set = new Set()));
    set.add(end);
    return { done, cancel: end };
  }

  wake(id: number): void {
    for (const end of [...(this.waiters.get(id) ?? [])]) end();
  }

  wakeAll(): void {
    for (const id of [...this.waiters.keys()]) this.wake(id);
  }
}
