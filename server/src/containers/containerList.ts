import { errorCodeSchema, type ContainerEntry, type ContainerStatus } from '@spawner/api';
import type { UserContainerRow } from '../db/schema.js';
import type { Template, TemplateCatalog } from '../templates/template.js';
import type { ContainerIndex, IndexedContainer } from './containerIndex.js';
import type { ContainerStore } from './containerStore.js';
import type { DataSizes } from './dataSizes.js';
import {
  madeForOtherRouting,
  serviceUrl,
  volumeName,
  type Owner,
  type Routing,
} from './identity.js';
import type { ImageVersions } from './imageVersions.js';

const ENGINE_AWAY = 'The container engine is not reachable.';
/** Users whose last answer is kept at most; past that the memo starts afresh. */
const MEMO_MAX_USERS = 10_000;

export interface ContainerListDeps {
  store: ContainerStore;
  index: ContainerIndex;
  images: ImageVersions;
  dataSizes: DataSizes;
  templates: TemplateCatalog;
  publicUrl: URL;
  routing: Routing;
  /** 0: containers are never stopped for idleness. */
  idleTimeoutMs: number;
}

interface Memo {
  rows: Promise<UserContainerRow[]>;
  version: string;
  entries: ContainerEntry[];
}

/**
 * A user's containers as the API lists them: one entry per template, in template order. The
 * engine's side comes from the state index, so listing never calls the engine, however many
 * containers it runs; the dashboard polls it, so the last answer is reused while nothing it is
 * made of changed.
 */
export class ContainerList {
  private readonly memo = new Map<number, Memo>();

  constructor(private readonly deps: ContainerListDeps) {}

  async of(owner: Owner): Promise<ContainerEntry[]> {
    const rowsRead = this.deps.store.listForUser(owner.id);
    const { index, images, dataSizes } = this.deps;
    const version = `${index.version}:${images.version}:${dataSizes.version}`;
    const memo = this.memo.get(owner.id);
    if (memo?.rows === rowsRead && memo.version === version) return memo.entries;
    const rows = await rowsRead;
    const entries = this.deps.templates.all.map((template) =>
      this.entry(
        owner,
        template,
        rows.find((r) => r.container_type === template.key),
      ),
    );
    if (this.memo.size >= MEMO_MAX_USERS) this.memo.clear();
    this.memo.set(owner.id, { rows: rowsRead, version, entries });
    return entries;
  }

  private entry(
    owner: Owner,
    template: Template,
    row: UserContainerRow | undefined,
  ): ContainerEntry {
    const base = {
      type: template.key,
      display_name: template.display_name,
      description: template.description,
      service_url: serviceUrl(this.deps.publicUrl, this.deps.routing, owner, template.key),
      // Only while a container is recorded: a delete removes the row at once, the measurement
      // only at the next refresh, and a deleted volume must not show its old size meanwhile.
      data_size_bytes: row ? this.dataSize(owner, template) : null,
    };
    const none = { container_id: null, created_at: null, update_available: false, stops_at: null };
    if (!row) {
      return {
        ...base,
        ...none,
        status: 'not_created',
        last_used: null,
        error: null,
        error_code: null,
      };
    }
    if (!this.deps.index.reachable) {
      return {
        ...base,
        ...none,
        status: 'error',
        container_id: row.container_id,
        created_at: row.created_at,
        last_used: row.last_used,
        error: ENGINE_AWAY,
        error_code: 'engine_unavailable',
      };
    }
    const info = row.container_id ? this.deps.index.byContainerId(row.container_id) : undefined;
    const status = statusOf(info, row);
    if (!info) {
      return { ...base, ...none, status, last_used: row.last_used, ...lastErrorOf(row) };
    }
    return {
      ...base,
      status,
      container_id: info.id,
      created_at: row.created_at,
      last_used: row.last_used,
      ...(status === 'error' ? lastErrorOf(row) : { error: null, error_code: null }),
      update_available: this.outdated(info, template),
      stops_at: status === 'running' ? this.stopsAt(row) : null,
    };
  }

  private dataSize(owner: Owner, template: Template): number | null {
    if (!template.data_path) return null;
    return this.deps.dataSizes.of(volumeName(owner, template.key)) ?? null;
  }

  /** A newer image, or a container made for the other routing mode: the next launch recreates it. */
  private outdated(info: IndexedContainer, template: Template): boolean {
    if (madeForOtherRouting(info.labels, this.deps.routing)) return true;
    const current = this.deps.images.current(template.image);
    return current !== undefined && current !== info.imageId;
  }

  private stopsAt(row: UserContainerRow): string | null {
    if (!this.deps.idleTimeoutMs || !row.last_used) return null;
    return new Date(Date.parse(row.last_used) + this.deps.idleTimeoutMs).toISOString();
  }
}

/** The row's last failure, sentence and code (a code this version does not know is left out). */
function lastErrorOf(row: UserContainerRow): Pick<ContainerEntry, 'error' | 'error_code'> {
  const code = errorCodeSchema.safeParse(row.last_error_code);
  return { error: row.last_error, error_code: code.success ? code.data : null };
}

/** A recorded container's status, from its row and what the engine last said of it. */
export function statusOf(
  info: IndexedContainer | undefined,
  row: UserContainerRow,
): ContainerStatus {
  if (info?.state === 'running' || info?.state === 'starting') return 'running';
  if (row.last_error) return 'error';
  return info ? 'stopped' : 'not_created';
}
