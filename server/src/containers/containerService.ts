import type { ContainerEntry, ContainerStatus } from '@spawner/api';
import type { Logger } from 'pino';
import { BadRequestError, DomainError, NotReadyError, RuntimeError } from '../errors.js';
import {
  ContainerNameTakenError,
  DEFAULT_SECURITY,
  type ContainerInfo,
  type Runtime,
} from '../runtime/runtime.js';
import type { Template, TemplateCatalog } from '../templates/template.js';
import type { UserContainerRow } from '../db/schema.js';
import type { ContainerIndex } from './containerIndex.js';
import type { ContainerStore } from './containerStore.js';
import {
  containerKey,
  containerLabels,
  containerName,
  ownerOfLabels,
  pathPrefix,
  type Endpoint,
  type Owner,
} from './identity.js';
import { KeyedLock } from './keyedLock.js';
import { waitUntilAnswering } from './readiness.js';

export interface LaunchResult {
  serviceUrl: string;
  containerId: string;
  endpoint: Endpoint;
}

export interface ContainerServiceDeps {
  store: ContainerStore;
  runtime: Runtime;
  index: ContainerIndex;
  templates: TemplateCatalog;
  publicUrl: URL;
  dockerNetwork: string | undefined;
  traefikCertResolver: string | undefined;
  log: Logger;
}

const ENGINE_AWAY = 'The container engine is not reachable.';
/** Users whose last list answer is kept at most; past that the memo starts afresh. */
const LIST_MEMO_MAX_USERS = 10_000;

interface ListMemo {
  rows: Promise<UserContainerRow[]>;
  indexVersion: number;
  entries: ContainerEntry[];
}

/** Creates, starts and reports on users' containers. Knows nothing of HTTP. */
export class ContainerService {
  private readonly lock = new KeyedLock();
  /** The dashboard polls the list: its last answer per user, while neither store nor index changed. */
  private readonly listMemo = new Map<number, ListMemo>();

  constructor(private readonly deps: ContainerServiceDeps) {}

  /** Stops a container unless a launch holds it; used by the idle culler. */
  stop(userId: number, type: string, containerId: string): Promise<void> {
    return this.lock.run(containerKey(userId, type), () => this.deps.runtime.stop(containerId));
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

  /** `{PUBLIC_URL}/{slug}-{type}`; PUBLIC_URL is an origin and slugs are URL-safe, so no parsing. */
  serviceUrl(owner: Owner, type: string): string {
    return this.deps.publicUrl.origin + pathPrefix(owner, type);
  }

  /**
   * One entry per template, in template order. The engine's side comes from the state index:
   * listing never calls the engine, however many containers it runs.
   */
  async list(owner: Owner): Promise<ContainerEntry[]> {
    const rowsRead = this.deps.store.listForUser(owner.id);
    const indexVersion = this.deps.index.version;
    const memo = this.listMemo.get(owner.id);
    if (memo?.rows === rowsRead && memo.indexVersion === indexVersion) return memo.entries;
    const entries = this.entries(owner, await rowsRead);
    if (this.listMemo.size >= LIST_MEMO_MAX_USERS) this.listMemo.clear();
    this.listMemo.set(owner.id, { rows: rowsRead, indexVersion, entries });
    return entries;
  }

  private entries(owner: Owner, rows: UserContainerRow[]): ContainerEntry[] {
    const { index } = this.deps;
    return this.deps.templates.all.map((template): ContainerEntry => {
      const row = rows.find((r) => r.container_type === template.key);
      const base = {
        type: template.key,
        display_name: template.display_name,
        description: template.description,
        service_url: this.serviceUrl(owner, template.key),
      };
      if (!row) {
        const empty = { container_id: null, created_at: null, last_used: null, error: null };
        return { ...base, status: 'not_created', ...empty };
      }
      if (!index.reachable) {
        return {
          ...base,
          status: 'error',
          container_id: row.container_id,
          created_at: row.created_at,
          last_used: row.last_used,
          error: ENGINE_AWAY,
        };
      }
      const info = row.container_id ? index.byContainerId(row.container_id) : undefined;
      const running = info?.state === 'running' || info?.state === 'starting';
      const status: ContainerStatus = running
        ? 'running'
        : row.last_error
          ? 'error'
          : info
            ? 'stopped'
            : 'not_created';
      const exists = info !== undefined;
      return {
        ...base,
        status,
        container_id: exists ? row.container_id : null,
        created_at: exists ? row.created_at : null,
        last_used: row.last_used,
        error: status === 'error' ? row.last_error : null,
      };
    });
  }

  /**
   * Makes sure the user's container of this type runs and answers: creates it when missing
   * (also when removed behind our back), starts it when stopped. Concurrent calls for the same
   * container run one after another, so they make one container.
   */
  launch(owner: Owner, type: string): Promise<LaunchResult> {
    const template = this.template(type);
    return this.lock.run(containerKey(owner.id, type), () => this.launchLocked(owner, template));
  }

  private async launchLocked(owner: Owner, template: Template): Promise<LaunchResult> {
    const row = await this.deps.store.get(owner.id, template.key);
    const now = new Date().toISOString();
    let containerId = row?.container_id ?? null;
    let createdAt = row?.created_at ?? null;
    try {
      let info = containerId ? await this.deps.runtime.inspect(containerId) : undefined;
      if (!info) {
        info = await this.createOrAdopt(owner, template);
        createdAt = now;
      }
      containerId = info.id;
      if (info.state !== 'running') {
        this.deps.log.info({ container: info.name }, 'starting container');
        await this.deps.runtime.start(info.id);
      }
      const ready = await this.waitUntilReady(info.id, template);
      await this.deps.store.save({
        userId: owner.id,
        type: template.key,
        containerId,
        containerPort: this.deps.dockerNetwork ? null : ready.endpoint!.port,
        templateImage: template.image,
        createdAt,
        lastUsed: now,
        lastError: null,
      });
      this.deps.index.record(ready);
      return {
        serviceUrl: this.serviceUrl(owner, template.key),
        containerId,
        endpoint: ready.endpoint!,
      };
    } catch (err) {
      const message =
        err instanceof DomainError ? err.message : 'The container could not be launched.';
      this.deps.log.warn({ err, user: owner.id, type: template.key }, 'launch failed');
      await this.deps.store.save({
        userId: owner.id,
        type: template.key,
        containerId,
        containerPort: null,
        templateImage: template.image,
        createdAt,
        lastUsed: row?.last_used ?? null,
        lastError: message,
      });
      throw err instanceof DomainError ? err : new RuntimeError(message, { cause: err });
    }
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
          BASE_PATH: pathPrefix(owner, template.key),
          PUBLIC_URL: this.deps.publicUrl.origin,
        },
        labels: containerLabels(owner, template, {
          publicUrl: this.deps.publicUrl,
          certResolver: this.deps.traefikCertResolver,
        }),
        port: template.port,
        memoryBytes: template.memory,
        cpus: template.cpus,
        network: this.deps.dockerNetwork,
        mounts: [],
        security: DEFAULT_SECURITY,
      });
    } catch (err) {
      if (!(err instanceof ContainerNameTakenError)) throw err;
    }
    const info = await this.deps.runtime.inspect(name);
    const belongsTo = info && ownerOfLabels(info.labels);
    if (!belongsTo || belongsTo.userId !== owner.id || belongsTo.type !== template.key) {
      throw new RuntimeError(
        `A container named ${name} exists but was not made by spawner for this user.`,
      );
    }
    return info;
  }

  /** Waits until the app answers; returns the container as it is then, endpoint set. */
  private async waitUntilReady(id: string, template: Template): Promise<ContainerInfo> {
    let current: ContainerInfo | undefined;
    let exited = false;
    const outcome = await waitUntilAnswering(
      async () => {
        if (!current?.endpoint) current = await this.deps.runtime.inspect(id);
        return current?.endpoint;
      },
      template.ready_timeout_seconds * 1000,
      async () => {
        const info = await this.deps.runtime.inspect(id);
        exited = !info || info.state === 'stopped' || info.state === 'error';
        return !exited;
      },
    );
    if (outcome === 'ready' && current?.endpoint) return current;
    if (outcome === 'exited' || exited) {
      const logs = await this.deps.runtime.logs(id, 5).catch(() => '');
      const lastLine = logs.trim().split('\n').at(-1)?.slice(0, 300);
      throw new NotReadyError(
        `The ${template.display_name} exited while starting${lastLine ? `; its last words: ${lastLine}` : '.'}`,
      );
    }
    throw new NotReadyError(
      `The ${template.display_name} did not answer on port ${template.port} within ${template.ready_timeout_seconds} seconds.`,
    );
  }
}
