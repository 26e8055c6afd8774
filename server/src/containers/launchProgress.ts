import { progressEventSchema, type ProgressEvent } from '@spawner/api';
import type { Logger } from 'pino';
import { z } from 'zod';
import { MAX_MESSAGE_BYTES, type Cluster } from '../cluster/cluster.js';
import { containerKey } from './identity.js';

type Listener = (event: ProgressEvent) => void;

/** How often a replica repeats the latest event of each launch it runs, for the others. */
const PROGRESS_REPEAT_MS = 10_000;
/** A launch on another replica not heard of for this long has ended with it (it died). */
const REMOTE_PROGRESS_TTL_MS = 3 * PROGRESS_REPEAT_MS;

/** A progress event as it travels between replicas (checked: another may run another version). */
const progressMessageSchema = z.object({
  userId: z.number().int(),
  type: z.string().max(100),
  event: progressEventSchema,
});
type ProgressMessage = z.infer<typeof progressMessageSchema>;

interface InFlight {
  userId: number;
  type: string;
  event: ProgressEvent;
  /** When another replica last told of it; undefined: the launch runs here. */
  heardAt: number | undefined;
}

/**
 * What each launch in flight is doing, for anyone watching (the dashboard card, the "Starting…"
 * page) on any replica: events are passed to the other replicas too. Keeps the latest event per
 * container while the launch runs, so a late watcher starts from where it is; forgets it once
 * the launch is ready or failed. A replica repeats the latest events of its own launches now and
 * then, so that the others forget the launches of a replica that died.
 */
export class LaunchProgress {
  private readonly latest = new Map<string, InFlight>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly deps: { cluster: Cluster; log: Logger }) {
    this.unsubscribe = deps.cluster.subscribe('progress', (message) => this.heard(message));
    this.timer = setInterval(() => this.repeat(), PROGRESS_REPEAT_MS);
    this.timer.unref();
  }

  report(userId: number, type: string, event: ProgressEvent): void {
    this.apply(userId, type, event, undefined);
    this.send({ userId, type, event });
  }

  /** The launch in flight's latest event (here or on another replica), if one is in flight. */
  current(userId: number, type: string): ProgressEvent | undefined {
    const key = containerKey(userId, type);
    const entry = this.latest.get(key);
    if (entry?.heardAt !== undefined && Date.now() - entry.heardAt > REMOTE_PROGRESS_TTL_MS) {
      this.latest.delete(key);
      return undefined;
    }
    return entry?.event;
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

  /** Stops hearing from and repeating to the other replicas. */
  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }

  private apply(userId: number, type: string, event: ProgressEvent, heardAt: number | undefined) {
    const key = containerKey(userId, type);
    if (event.phase === 'ready' || event.phase === 'failed') this.latest.delete(key);
    else this.latest.set(key, { userId, type, event, heardAt });
    for (const listener of this.listeners.get(key) ?? []) listener(event);
  }

  private heard(message: unknown): void {
    const parsed = progressMessageSchema.safeParse(message);
    if (!parsed.success) {
      this.deps.log.warn({ issues: parsed.error.issues }, 'ignoring a malformed progress message');
      return;
    }
    const { userId, type, event } = parsed.data;
    this.apply(userId, type, event, Date.now());
  }

  /** Repeats this replica's launches for the others, and forgets those of silent replicas. */
  private repeat(): void {
    for (const [key, { userId, type, event, heardAt }] of this.latest) {
      if (heardAt === undefined) this.send({ userId, type, event });
      else if (Date.now() - heardAt > REMOTE_PROGRESS_TTL_MS) this.latest.delete(key);
    }
  }

  private send(message: ProgressMessage): void {
    this.deps.cluster
      .publish('progress', fitted(message))
      .catch((err: unknown) => this.deps.log.warn({ err }, 'progress not passed on'));
  }
}

/**
 * The message within MAX_MESSAGE_BYTES: a failure's log lines are cut from the front (the last
 * lines say why it failed); everything else is small.
 */
export function fitted(message: ProgressMessage): ProgressMessage {
  const { event } = message;
  if (event.phase !== 'failed') return message;
  let logs = event.logs;
  const size = (text: string) =>
    Buffer.byteLength(JSON.stringify({ ...message, event: { ...event, logs: text } }));
  while (logs !== '' && size(logs) > MAX_MESSAGE_BYTES) {
    const cut = logs.slice(Math.ceil(logs.length / 4));
    // Whole lines where there is a line break left.
    const lineStart = cut.indexOf('\n');
    logs = lineStart >= 0 && lineStart < cut.length - 1 ? cut.slice(lineStart + 1) : cut;
  }
  return { ...message, event: { ...event, logs } };
}
