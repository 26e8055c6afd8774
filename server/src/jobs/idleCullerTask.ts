import type { Logger } from 'pino';
import type { ContainerIndex } from '../containers/containerIndex.js';
import type { ContainerService } from '../containers/containerService.js';
import type { ContainerStore } from '../containers/containerStore.js';
import { containerKey } from '../containers/identity.js';
import type { LastUsedTracker } from '../containers/lastUsed.js';
import type { UserContainerRow } from '../db/schema.js';
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
      const containerId = row.container_id;
      if (!containerId || !running.has(containerId)) continue;
      if (!isIdle(row, containerId, cutoff)) continue;
      const key = containerKey(row.user_id, row.container_type);
      if (inUse.has(key)) continue;
      const stopped = await this.deps.containers.stopIdle(
        row.user_id,
        row.container_type,
        containerId,
        // The row as it is once a launch of it, if any, is over (that launch wrote last_used).
        async () =>
          isIdle(await this.deps.store.get(row.user_id, row.container_type), containerId, cutoff) &&
          !(await this.deps.tracker.inUse()).has(key),
      );
      if (stopped) {
        this.log.info(
          { container: containerId, lastUsed: row.last_used },
          'stopped idle container',
        );
      }
    }
  }
}

/** Whether the row still names this container and says it was last used before the cutoff. */
function isIdle(
  row: Pick<UserContainerRow, 'container_id' | 'last_used'> | undefined,
  containerId: string,
  cutoff: string,
): boolean {
  return row?.container_id === containerId && row.last_used !== null && row.last_used < cutoff;
}
