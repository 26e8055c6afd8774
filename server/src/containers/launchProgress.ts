import type { ProgressEvent } from '@spawner/api';
import { containerKey } from './identity.js';

type Listener = (event: ProgressEvent) => void;

/**
 * What each launch in flight is doing, for anyone watching (the dashboard card, the "Starting…"
 * page). Keeps the latest event per container while the launch runs, so a late watcher starts
 * from where it is; forgets it once the launch is ready or failed.
 */
export class LaunchProgress {
  private readonly latest = new Map<string, ProgressEvent>();
  private readonly listeners = new Map<string, Set<Listener>>();

  report(userId: number, type: string, event: ProgressEvent): void {
    const key = containerKey(userId, type);
    if (event.phase === 'ready' || event.phase === 'failed') this.latest.delete(key);
    else this.latest.set(key, event);
    for (const listener of this.listeners.get(key) ?? []) listener(event);
  }

  /** The launch in flight's latest event, if one is in flight. */
  current(userId: number, type: string): ProgressEvent | undefined {
    return this.latest.get(containerKey(userId, type));
  }

  /** Calls the listener with each event from now on; returns the function that stops it. */
  subscribe(userId: number, type: string, listener: Listener): () => void {
    const key = containerKey(userId, type);
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }
}
