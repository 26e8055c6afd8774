import type { Logger } from 'pino';
import type { ContainerEvent, ContainerInfo, ContainerState, Runtime } from '../runtime/runtime.js';
import { containerName, ownerOfLabels, type Endpoint, type Owner } from './identity.js';
import { KeyedLock } from './keyedLock.js';

export interface IndexedContainer {
  id: string;
  name: string;
  userId: number;
  type: string;
  state: ContainerState;
  /** Set while it runs: where requests go. */
  endpoint: Endpoint | undefined;
  imageId: string;
  /** As the engine has them; the routing label tells a container made for another mode. */
  labels: Readonly<Record<string, string>>;
}

const FIRST_RESYNC_DELAY_MS = 1000;
const MAX_RESYNC_DELAY_MS = 30_000;

/**
 * The state of every user container, in memory: the container list, the proxy and the idle
 * culler read it, so none of them asks the engine. Filled by one full list, then kept current by
 * the engine's event stream; re-listed after every reconnect. While the engine is away it says
 * so (`reachable`), and keeps what it last knew.
 */
export class ContainerIndex {
  private readonly byId = new Map<string, IndexedContainer>();
  /** Names are unique on an engine; ids of users are not, when two spawners share one. */
  private readonly byName = new Map<string, IndexedContainer>();
  /** Events of one container are applied in order, each after the inspect it needs. */
  private readonly eventOrder = new KeyedLock();
  private stopWatching: (() => void) | undefined;
  private closed = false;
  private resyncTimer: NodeJS.Timeout | undefined;
  private resyncDelayMs = FIRST_RESYNC_DELAY_MS;
  private synced = false;
  private changes = 0;

  constructor(private readonly deps: { runtime: Runtime; log: Logger }) {}

  /** Whether the index follows the engine now; false before the first list and during outages. */
  get reachable(): boolean {
    return this.synced;
  }

  /** A number that changes whenever anything in the index does: lets readers reuse what they derived. */
  get version(): number {
    return this.changes;
  }

  byContainerId(id: string): IndexedContainer | undefined {
    return this.byId.get(id);
  }

  /** The user's container of this template, found by the name spawner gave it. */
  get(owner: Owner, type: string): IndexedContainer | undefined {
    const found = this.byName.get(containerName(owner, type));
    return found?.userId === owner.id && found.type === type ? found : undefined;
  }

  running(): IndexedContainer[] {
    return [...this.byId.values()].filter((c) => c.state === 'running');
  }

  get size(): number {
    return this.byId.size;
  }

  /** Records what the engine just said about a container (a launch calls this when it is ready). */
  record(info: ContainerInfo): void {
    const owner = ownerOfLabels(info.labels);
    if (!owner) return;
    this.changes++;
    const entry: IndexedContainer = {
      id: info.id,
      name: info.name,
      userId: owner.userId,
      type: owner.type,
      state: info.state,
      endpoint: info.endpoint,
      imageId: info.imageId,
      labels: info.labels,
    };
    this.byId.set(info.id, entry);
    this.byName.set(info.name, entry);
  }

  /** Starts following the engine. Never throws: with no engine, it retries in the background. */
  async start(): Promise<void> {
    await this.resync();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.resyncTimer);
    this.stopWatching?.();
  }

  private async resync(): Promise<void> {
    if (this.closed) return;
    this.stopWatching?.();
    try {
      // Watch first, then list: an event between the two is applied after the list, not lost.
      const pending: ContainerEvent[] = [];
      let listed = false;
      this.stopWatching = await this.deps.runtime.watch(
        (event) => (listed ? this.apply(event) : pending.push(event)),
        (err) => this.lostEngine(err),
      );
      const containers = await this.deps.runtime.list();
      this.byId.clear();
      this.byName.clear();
      for (const info of containers) this.record(info);
      listed = true;
      this.synced = true;
      this.changes++;
      for (const event of pending) this.apply(event);
      if (this.resyncDelayMs > FIRST_RESYNC_DELAY_MS)
        this.deps.log.info('following the container engine again');
      this.resyncDelayMs = FIRST_RESYNC_DELAY_MS;
    } catch (err) {
      this.lostEngine(err);
    }
  }

  private lostEngine(err: unknown): void {
    if (this.synced) this.changes++;
    this.synced = false;
    if (this.closed || this.resyncTimer) return;
    // Warn once per outage; while the engine stays away, retry less and less often, quietly.
    const firstFailure = this.resyncDelayMs === FIRST_RESYNC_DELAY_MS;
    this.deps.log[firstFailure ? 'warn' : 'debug'](
      { err },
      'cannot follow the container engine; retrying',
    );
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      void this.resync();
    }, this.resyncDelayMs);
    this.resyncDelayMs = Math.min(this.resyncDelayMs * 2, MAX_RESYNC_DELAY_MS);
  }

  private apply(event: ContainerEvent): void {
    if (event.action === 'other') return;
    // A stop is known from the event alone: say so at once, before the inspect that refines it,
    // so a list right after `docker stop` already reads "stopped".
    const known = this.byId.get(event.id);
    if (known && (event.action === 'die' || event.action === 'stop') && known.state !== 'stopped') {
      known.state = 'stopped';
      known.endpoint = undefined;
      this.changes++;
    }
    void this.eventOrder.run(event.id, async () => {
      if (event.action === 'destroy') {
        this.forget(event.id);
        return;
      }
      // The event says what happened, the engine says what is now (a die may be followed by a
      // restart): one inspect per event keeps the index exact.
      let info: ContainerInfo | undefined;
      try {
        info = await this.deps.runtime.inspect(event.id);
      } catch {
        return; // the engine went away; the re-list after it comes back sets this right
      }
      if (info) this.record(info);
      else this.forget(event.id);
    });
  }

  /** Drops a container spawner just removed (the event may come later). */
  forget(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    if (this.byName.get(entry.name) === entry) this.byName.delete(entry.name);
    this.changes++;
  }
}
