import type { ContainerStatus, ProgressEvent } from '@spawner/api';
import type { Logger } from 'pino';
import {
  AppExitedError,
  BadRequestError,
  DomainError,
  NotFoundError,
  NotReadyError,
  QuotaExceededError,
  RuntimeError,
} from '../errors.js';
import { ContainerNameTakenError, type ContainerInfo, type Runtime } from '../runtime/runtime.js';
import type { Metrics } from '../ops/metrics.js';
import { templateSecurity } from '../templates/security.js';
import type { Template, TemplateCatalog } from '../templates/template.js';
import type { ContainerIndex } from './containerIndex.js';
import type { ContainerStore } from './containerStore.js';
import {
  containerKey,
  containerLabels,
  basePath,
  containerName,
  madeForOtherRouting,
  ownerOfLabels,
  serviceUrl,
  volumeLabels,
  volumeName,
  type Endpoint,
  type Owner,
  type Routing,
  type TraefikProvider,
} from './identity.js';
import type { ImageVersions } from './imageVersions.js';
import type { LaunchProgress } from './launchProgress.js';
import { KeyedLock } from './keyedLock.js';
import type { Cluster } from '../cluster/cluster.js';
import type { LaunchQueue, Release } from './launchQueue.js';
import type { Quotas } from './quotas.js';
import { waitUntilAnswering } from './readiness.js';

export interface LaunchResult {
  serviceUrl: string;
  containerId: string;
  endpoint: Endpoint;
}

export interface ContainerServiceDeps {
  store: ContainerStore;
  /** Serialises each container's launch, stop and removal across the replicas too. */
  cluster: Cluster;
  runtime: Runtime;
  index: ContainerIndex;
  images: ImageVersions;
  progress: LaunchProgress;
  metrics: Metrics;
  quotas: Quotas;
  queue: LaunchQueue;
  templates: TemplateCatalog;
  publicUrl: URL;
  routing: Routing;
  dockerNetwork: string | undefined;
  traefikCertResolver: string | undefined;
  traefikProvider: TraefikProvider;
  log: Logger;
}

/** Creates, starts and reports on users' containers. Knows nothing of HTTP. */
export class ContainerService {
  private readonly lock = new KeyedLock();
  /** When each container was last started by this process: restarts asked before it coalesce. */
  private readonly startedAt = new Map<string, number>();

  constructor(private readonly deps: ContainerServiceDeps) {}

  /**
   * The idle culler's stop: waits for any launch of the container, then stops it if `stillIdle`
   * says so. Returns whether it stopped it.
   */
  stopIdle(
    userId: number,
    type: string,
    containerId: string,
    stillIdle: () => Promise<boolean>,
  ): Promise<boolean> {
    return this.serialised(containerKey(userId, type), async () => {
      // Asked again under the lock: a launch that held it meanwhile has started the app anew.
      if (!(await stillIdle())) return false;
      await this.stopContainer(containerId);
      return true;
    });
  }

  /** Stops the user's container (after any launch in flight); nothing to stop is not an error. */
  stop(owner: Owner, type: string): Promise<ContainerStatus> {
    this.template(type);
    return this.serialised(containerKey(owner.id, type), async (): Promise<ContainerStatus> => {
      const info = await this.current(owner, type);
      if (!info) return 'not_created';
      await this.stopContainer(info.id);
      return 'stopped';
    });
  }

  /**
   * Stops and starts the container again, answering once its app answers; one whose template
   * image changed is recreated on the new image (its data volume stays).
   */
  restart(owner: Owner, type: string): Promise<LaunchResult> {
    const template = this.template(type);
    const key = containerKey(owner.id, type);
    const askedAt = Date.now();
    return this.serialised(key, () => {
      // Started since this restart was asked for (another restart was ahead in line): the app
      // is already a fresh one, so restarting it again would only make the person wait.
      const mode = (this.startedAt.get(key) ?? 0) >= askedAt ? 'launch' : 'restart';
      return this.deps.metrics.timeLaunch(template.key, () =>
        this.launchLocked(owner, template, mode),
      );
    });
  }

  /**
   * Runs the task while no other task on this container runs, in this process or on another
   * replica: first in line here (waiters here cost the cluster nothing), then the cluster's key.
   */
  private serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.lock.run(key, () => this.deps.cluster.withLock(`container/${key}`, task));
  }

  /** Resolves once no launch, restart, stop or removal is under way (a shutdown waits for it). */
  settled(): Promise<void> {
    return this.lock.idle();
  }

  /** Removes the container ("reset"); with `data`, its data volume too ("delete"). */
  remove(owner: Owner, type: string, options: { data: boolean }): Promise<ContainerStatus> {
    const template = this.template(type);
    return this.serialised(containerKey(owner.id, type), async (): Promise<ContainerStatus> => {
      // By id and by name: a container whose row was lost is ours all the same.
      const byRow = await this.current(owner, type);
      const byName = await this.deps.runtime.inspect(containerName(owner, type));
      // Usually both are the same container: remove each one once.
      const found = new Map([byRow, byName].flatMap((info) => (info ? [[info.id, info]] : [])));
      for (const info of found.values()) {
        if (this.isOwnedBy(info, owner, type)) await this.removeContainer(info.id);
      }
      if (options.data && template.data_path) {
        await this.deps.runtime.removeVolume(volumeName(owner, type));
      }
      await this.deps.store.remove(owner.id, type);
      this.deps.log.info({ user: owner.id, type, data: options.data }, 'container removed');
      return 'not_created';
    });
  }

  template(type: string): Template {
    const template = this.deps.templates.get(type);
    if (!template)
      throw new BadRequestError(
        'unknown_template',
        `There is no container type "${type.slice(0, 40)}".`,
      );
    return template;
  }

  serviceUrl(owner: Owner, type: string): string {
    return serviceUrl(this.deps.publicUrl, this.deps.routing, owner, type);
  }

  /**
   * Makes sure the user's container of this type runs and answers: creates it when missing
   * (also when removed behind our back), starts it when stopped. Concurrent calls for the same
   * container run one after another, so they make one container.
   */
  launch(owner: Owner, type: string): Promise<LaunchResult> {
    const template = this.template(type);
    return this.serialised(containerKey(owner.id, type), () =>
      this.deps.metrics.timeLaunch(template.key, () =>
        this.launchLocked(owner, template, 'launch'),
      ),
    );
  }

  /**
   * `launch` leaves a running container as it is; `restart` stops it first. A container on an
   * outdated image is recreated whenever it is not running at that point (data kept).
   */
  private async launchLocked(
    owner: Owner,
    template: Template,
    mode: 'launch' | 'restart',
  ): Promise<LaunchResult> {
    const row = await this.deps.store.get(owner.id, template.key);
    const now = new Date().toISOString();
    let containerId = row?.container_id ?? null;
    let createdAt = row?.created_at ?? null;
    const report = (event: ProgressEvent) =>
      this.deps.progress.report(owner.id, template.key, event);
    const held: Release[] = [];
    try {
      let info = containerId ? await this.deps.runtime.inspect(containerId) : undefined;
      if (mode === 'restart' || info?.state !== 'running') {
        held.push(...(await this.admit(owner, template.key, info, report)));
      }
      if (info && mode === 'restart' && info.state !== 'stopped') {
        this.deps.log.info({ container: info.name }, 'restarting container');
        await this.stopContainer(info.id);
        info = { ...info, state: 'stopped', endpoint: undefined };
      }
      if (info && madeForOtherRouting(info.labels, this.deps.routing)) {
        // Its labels and BASE_PATH belong to the other mode: the app cannot work as it is.
        this.deps.log.info({ container: info.name }, 'recreating container for the routing mode');
        await this.removeContainer(info.id);
        info = undefined;
      }
      if (info && info.state === 'stopped' && (await this.isOutdated(info, template))) {
        this.deps.log.info({ container: info.name }, 'recreating container on the new image');
        await this.removeContainer(info.id);
        info = undefined;
      }
      if (!info) {
        report({ phase: 'creating' });
        info = await this.createOrAdopt(owner, template);
        createdAt = now;
      }
      containerId = info.id;
      if (info.state !== 'running') {
        report({ phase: 'starting' });
        this.deps.log.info({ container: info.name }, 'starting container');
        this.startedAt.set(containerKey(owner.id, template.key), Date.now());
        await this.deps.runtime.start(info.id);
      }
      const ready = await this.waitUntilReady(info.id, template, (seconds) =>
        report({ phase: 'waiting', seconds }),
      );
      await this.deps.store.save({
        userId: owner.id,
        type: template.key,
        containerId,
        containerPort: this.deps.dockerNetwork ? null : ready.endpoint!.port,
        templateImage: template.image,
        createdAt,
        lastUsed: now,
        lastError: null,
        lastErrorCode: null,
      });
      this.deps.index.record(ready);
      const result = {
        serviceUrl: this.serviceUrl(owner, template.key),
        containerId,
        endpoint: ready.endpoint!,
      };
      report({ phase: 'ready', service_url: result.serviceUrl });
      return result;
    } catch (err) {
      if (err instanceof QuotaExceededError) {
        // A refusal, not a failure of the container: nothing to keep on its row.
        report({ phase: 'failed', error: err.code, message: err.message, logs: '' });
        throw err;
      }
      const failure =
        err instanceof DomainError
          ? err
          : new RuntimeError('The container could not be launched.', { cause: err });
      const message = failure.message;
      this.deps.log.warn({ err, user: owner.id, type: template.key }, 'launch failed');
      const logs = containerId ? await this.deps.runtime.logs(containerId, 20).catch(() => '') : '';
      const exitCode = failure instanceof AppExitedError ? failure.exitCode : undefined;
      report({
        phase: 'failed',
        error: failure.code,
        message,
        ...(exitCode === undefined ? {} : { exit_code: exitCode }),
        logs,
      });
      await this.deps.store.save({
        userId: owner.id,
        type: template.key,
        containerId,
        containerPort: null,
        templateImage: template.image,
        createdAt,
        lastUsed: row?.last_used ?? null,
        lastError: message,
        lastErrorCode: failure.code,
      });
      throw failure;
    } finally {
      for (const release of held) release();
    }
  }

  /**
   * Lets a start go ahead: a container that is not running needs a place within the quotas
   * (one that runs keeps its own, also through a restart), and every start waits for its turn
   * in the launch queue, first come first served. Whoever called may have gone meanwhile; the
   * launch still goes on, so the container comes up for their next visit.
   */
  private async admit(
    owner: Owner,
    type: string,
    info: ContainerInfo | undefined,
    report: (event: ProgressEvent) => void,
  ): Promise<Release[]> {
    const held = info?.state === 'running' ? [] : [await this.deps.quotas.reserve(owner, type)];
    held.push(await this.deps.queue.acquire((position) => report({ phase: 'queued', position })));
    return held;
  }

  /** Throws QuotaExceededError when starting the user's container now would pass a limit. */
  async checkQuota(owner: Owner, type: string): Promise<void> {
    this.template(type);
    if (this.deps.index.get(owner, type)?.state === 'running') return;
    await this.deps.quotas.check(owner, type);
  }

  /** The last lines the user's container wrote. */
  async logs(owner: Owner, type: string, tail: number): Promise<string> {
    return this.deps.runtime.logs((await this.existing(owner, type)).id, tail);
  }

  /** Follows the lines the user's container writes; returns the function that stops it. */
  async followLogs(
    owner: Owner,
    type: string,
    onLine: (line: string) => void,
    onEnd: () => void,
  ): Promise<() => void> {
    const { id } = await this.existing(owner, type);
    return this.deps.runtime.followLogs(id, onLine, onEnd);
  }

  /** The template's data folder of the user's container, as a tar stream. */
  async dataArchive(owner: Owner, type: string): Promise<NodeJS.ReadableStream> {
    const template = this.template(type);
    if (!template.data_path) {
      throw new NotFoundError(`The ${template.display_name} keeps no data of its own.`);
    }
    return this.deps.runtime.archive((await this.existing(owner, type)).id, template.data_path);
  }

  /** The user's container; NotFoundError when there is none. */
  private async existing(owner: Owner, type: string): Promise<ContainerInfo> {
    const template = this.template(type);
    const info = await this.current(owner, type);
    if (!info) {
      throw new NotFoundError(
        `There is no ${template.display_name} yet: open it once, and it is made.`,
      );
    }
    return info;
  }

  /** The container the user's row names, as the engine has it now. */
  private async current(owner: Owner, type: string): Promise<ContainerInfo | undefined> {
    const row = await this.deps.store.get(owner.id, type);
    return row?.container_id ? this.deps.runtime.inspect(row.container_id) : undefined;
  }

  private async stopContainer(id: string): Promise<void> {
    await this.deps.runtime.stop(id);
    const info = await this.deps.runtime.inspect(id);
    if (info) this.deps.index.record(info); // the list says "stopped" now, not at the event
  }

  private async removeContainer(id: string): Promise<void> {
    await this.deps.runtime.remove(id);
    this.deps.index.forget(id);
  }

  /** Whether the template's image now names another image than the container runs. */
  private async isOutdated(info: ContainerInfo, template: Template): Promise<boolean> {
    const current = await this.deps.runtime.imageId(template.image);
    this.deps.images.note(template.image, current);
    return current !== undefined && current !== info.imageId;
  }

  private isOwnedBy(info: ContainerInfo, owner: Owner, type: string): boolean {
    const belongsTo = ownerOfLabels(info.labels);
    return belongsTo?.userId === owner.id && belongsTo.type === type;
  }

  /** Creates the container; if one with its name exists already (a lost row, a crash), takes that one. */
  private async createOrAdopt(owner: Owner, template: Template): Promise<ContainerInfo> {
    const name = containerName(owner, template.key);
    try {
      this.deps.log.info({ container: name, image: template.image }, 'creating container');
      await this.deps.runtime.create({
        name,
        image: template.image,
        env: {
          ...template.env,
          USER_ID: String(owner.id),
          USER_SLUG: owner.slug,
          CONTAINER_TYPE: template.key,
          BASE_PATH: basePath(this.deps.routing, owner, template.key),
          PUBLIC_URL: this.deps.publicUrl.origin,
        },
        labels: containerLabels(owner, template, {
          publicUrl: this.deps.publicUrl,
          routing: this.deps.routing,
          certResolver: this.deps.traefikCertResolver,
          provider: this.deps.traefikProvider,
        }),
        port: template.port,
        memoryBytes: template.memory,
        cpus: template.cpus,
        network: this.deps.dockerNetwork,
        mounts: template.data_path
          ? [
              {
                volume: volumeName(owner, template.key),
                target: template.data_path,
                labels: volumeLabels(owner, template.key),
              },
            ]
          : [],
        security: templateSecurity(template),
      });
    } catch (err) {
      if (!(err instanceof ContainerNameTakenError)) throw err;
    }
    const info = await this.deps.runtime.inspect(name);
    if (!info || !this.isOwnedBy(info, owner, template.key)) {
      throw new RuntimeError(
        `A container named ${name} exists but was not made by spawner for this user.`,
      );
    }
    return info;
  }

  /** Waits until the app answers; returns the container as it is then, endpoint set. */
  private async waitUntilReady(
    id: string,
    template: Template,
    onWait: (seconds: number) => void,
  ): Promise<ContainerInfo> {
    let current: ContainerInfo | undefined;
    /** The container as last seen not running (gone: null), once it has exited. */
    let ended: ContainerInfo | null | undefined;
    // Seconds tick on their own: one attempt at a hung app takes longer than a second.
    let seconds = 0;
    onWait(seconds);
    const ticker = setInterval(() => onWait(++seconds), 1000);
    const outcome = await waitUntilAnswering(
      async () => {
        if (!current?.endpoint) current = await this.deps.runtime.inspect(id);
        return current?.endpoint;
      },
      template.ready_timeout_seconds * 1000,
      async () => {
        const info = await this.deps.runtime.inspect(id);
        // 'error': Docker restarts a crashed app (restart policy), a crash loop.
        if (info && info.state !== 'stopped' && info.state !== 'error') {
          current = info; // a restarted Swarm task has an address of its own
          return true;
        }
        ended = info ?? null;
        return false;
      },
    ).finally(() => clearInterval(ticker));
    if (outcome === 'ready' && current?.endpoint) return current;
    if (outcome === 'exited') {
      const exitCode = ended?.exitCode;
      const logs = await this.deps.runtime.logs(id, 5).catch(() => '');
      const lastLine = logs.trim().split('\n').at(-1)?.slice(0, 300);
      // Else the restart policy brings a crashing app back again and again.
      await this.stopContainer(id).catch(() => undefined);
      const how = exitCode === undefined ? '' : ` (exit code ${exitCode})`;
      throw new AppExitedError(
        `The ${template.display_name} exited while starting${how}${lastLine ? `; its last words: ${lastLine}` : '.'}`,
        exitCode,
      );
    }
    throw new NotReadyError(
      `The ${template.display_name} did not answer on port ${template.port} within ${template.ready_timeout_seconds} seconds.`,
    );
  }
}
