import type { Logger } from 'pino';
import type { ContainerIndex } from '../containers/containerIndex.js';
import type { ContainerService } from '../containers/containerService.js';
import type { ContainerStore } from '../containers/containerStore.js';
import { containerKey } from '../containers/identity.js';
import type { LastUsedTracker } from '../containers/lastUsed.js';
import { IntervalTask } from './task.js';

/**
 * Stops running containers nobody has used for the idle timeout. They start again on the next
 * request. One with a connection open on any replica is in use, however old its last request.
 */
export class IdleCullerTask extends IntervalTask {
  readonly name = 'idle-culler';
  readonly intervalMs: number;

  constructor(
    private readonly deps: {
      store: ContainerStore;
      index: ContainerIndex;
      containers: ContainerService;
      tracker: LastUsedTracker;
      idleTimeoutMs: number;
      /** IDLE_CHECK_SECONDS, in milliseconds. */
      checkIntervalMs: number;
    },
    log: Logger,
  ) {
    super(log);
    this.intervalMs = deps.checkIntervalMs;
  }

  protected async run(): Promise<void> {
    await this.deps.tracker.flush();
    const cutoff = new Date(Date.now() - this.deps.idleTimeoutMs).toISOString();
    const running = new Set(this.deps.index.running().map((c) => c.id));
    const inUse = await this.deps.tracker.inUse();
    for (const row of await this.deps.store.listAll()) {
      if (!row.container_id || !running.has(row.container_id)) continue;
      if (!row.last_used || row.last_used >= cutoff) continue;
      if (inUse.has(containerKey(row.user_id, row.container_type))) continue;
      this.log.info(
        { container: row.container_id, lastUsed: row.last_used },
        'stopping idle container',
      );
      await this.deps.containers.stopIdle(row.user_id, row.container_type, row.container_id);
    }
  }
}
