import type { Logger } from 'pino';
import { MANAGED_LABEL, TEMPLATE_LABEL, USER_ID_LABEL } from '../runtime/labels.js';
import type { ContainerEvent, ContainerInfo, Runtime } from '../runtime/runtime.js';
import type { Endpoint } from '../containers/readiness.js';

export interface Route {
  containerId: string;
  userId: number;
  /** Set while the container runs; requests go there. */
  endpoint: Endpoint | undefined;
}

const FIRST_RESYNC_DELAY_MS = 1000;
const MAX_RESYNC_DELAY_MS = 30_000;

/**
 * Where each user container answers, in memory, so a proxied request costs no store query and
 * no engine call. Filled from one labelled list, then kept current by the engine's event stream
 * (re-listed after every reconnect) and by launches as they finish.
 */
export class RouteTable {
  private readonly routes = new Map<string, Route>();
  private stopWatching: (() => void) | undefined;
  private closed = false;
  private resyncTimer: NodeJS.Timeout | undefined;
  private resyncDelayMs = FIRST_RESYNC_DELAY_MS;

  constructor(private readonly deps: { runtime: Runtime; log: Logger }) {}

  static key(slug: string, type: string): string {
    return `${slug}-${type}`;
  }

  get(slug: string, type: string): Route | undefined {
    return this.routes.get(RouteTable.key(slug, type));
  }

  /** Records a container that was just launched and answers. */
  setRunning(slug: string, type: string, route: Route): void {
    this.routes.set(RouteTable.key(slug, type), route);
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
        `${MANAGED_LABEL}=true`,
        (event) => (listed ? void this.apply(event) : pending.push(event)),
        (err) => this.scheduleResync(err),
      );
      const containers = await this.deps.runtime.list({ [MANAGED_LABEL]: 'true' });
      this.routes.clear();
      for (const info of containers) this.record(info);
      listed = true;
      for (const event of pending) await this.apply(event);
      if (this.resyncDelayMs > FIRST_RESYNC_DELAY_MS) this.deps.log.info('following the container engine again');
      this.resyncDelayMs = FIRST_RESYNC_DELAY_MS;
    } catch (err) {
      this.scheduleResync(err);
    }
  }

  private scheduleResync(err: unknown): void {
    if (this.closed || this.resyncTimer) return;
    // Warn once per outage; while the engine stays away, retry less and less often, quietly.
    const firstFailure = this.resyncDelayMs === FIRST_RESYNC_DELAY_MS;
    this.deps.log[firstFailure ? 'warn' : 'debug']({ err }, 'cannot follow the container engine; retrying');
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      void this.resync();
    }, this.resyncDelayMs);
    this.resyncDelayMs = Math.min(this.resyncDelayMs * 2, MAX_RESYNC_DELAY_MS);
  }

  private record(info: ContainerInfo): void {
    const key = keyOf(info.name, info.labels);
    if (!key) return;
    this.routes.set(key, {
      containerId: info.id,
      userId: Number(info.labels[USER_ID_LABEL]),
      endpoint: info.state === 'running' ? info.endpoint : undefined,
    });
  }

  private async apply(event: ContainerEvent): Promise<void> {
    switch (event.action) {
      case 'start': {
        const info = await this.deps.runtime.inspect(event.id).catch(() => undefined);
        if (info) this.record(info);
        return;
      }
      case 'stop':
      case 'die': {
        for (const route of this.routes.values()) {
          if (route.containerId === event.id) route.endpoint = undefined;
        }
        return;
      }
      case 'destroy': {
        for (const [key, route] of this.routes) {
          if (route.containerId === event.id) this.routes.delete(key);
        }
        return;
      }
      case 'create':
      case 'other':
        return;
    }
  }
}

/** `{slug}-{type}` from a container named `user-{slug}-{type}-{userId}` and its labels. */
function keyOf(name: string, labels: Record<string, string>): string | undefined {
  const type = labels[TEMPLATE_LABEL];
  const userId = labels[USER_ID_LABEL];
  const suffix = `-${type}-${userId}`;
  if (!type || !userId || !name.startsWith('user-') || !name.endsWith(suffix)) return undefined;
  return RouteTable.key(name.slice('user-'.length, -suffix.length), type);
}
