import type { QuotaSettings } from '../config.js';
import type { Db } from '../db/database.js';
import { QuotaExceededError } from '../errors.js';
import type { ContainerIndex, IndexedContainer } from './containerIndex.js';
import type { ContainerStore } from './containerStore.js';
import { containerName, type Owner } from './identity.js';
import type { Release } from './launchQueue.js';

/** A container that holds a place: running, or being started. */
export interface Occupant {
  userId: number;
  /**
   * The container's name: one place per container, however it is seen (running, or its launch
   * in flight). Not its owner's id and type: ids repeat across spawners sharing an engine.
   */
  key: string;
}

export interface Limits {
  /** The person's own limit; undefined: none. */
  perUser: number | undefined;
  /** The whole platform's; undefined: none. */
  platform: number | undefined;
}

/**
 * The limit that starting the container `key` of `userId` would pass, if any. The container
 * itself is not counted (a running one keeps its place), nor is any container twice. The
 * person's own limit is named first: it is the one they can do something about.
 */
export function quotaVerdict(
  occupants: Iterable<Occupant>,
  wanted: Occupant,
  limits: Limits,
): QuotaExceededError | undefined {
  const seen = new Set<string>([wanted.key]);
  let all = 0;
  let theirs = 0;
  for (const occupant of occupants) {
    if (seen.has(occupant.key)) continue;
    seen.add(occupant.key);
    all++;
    if (occupant.userId === wanted.userId) theirs++;
  }
  if (limits.perUser !== undefined && theirs >= limits.perUser) {
    return new QuotaExceededError('user', limits.perUser);
  }
  if (limits.platform !== undefined && all >= limits.platform) {
    return new QuotaExceededError('platform', limits.platform);
  }
  return undefined;
}

/**
 * MAX_RUNNING_PER_USER (or the person's own limit, set by an administrator) and
 * MAX_RUNNING_CONTAINERS. Running containers come from the in-memory index; containers being
 * started hold a place from the check until their launch ends, so launches side by side cannot
 * pass a limit together. Only this spawner's containers count: another spawner on the same
 * engine has users of the same ids (a person's are known by name, the platform's by the store).
 */
export class Quotas {
  /** Containers whose launch holds a place now: key → user id. */
  private readonly starting = new Map<string, number>();

  constructor(
    private readonly deps: {
      db: Db;
      index: ContainerIndex;
      store: ContainerStore;
      settings: QuotaSettings;
    },
  ) {}

  /** Throws QuotaExceededError when starting this container now would pass a limit. */
  async check(owner: Owner, type: string): Promise<void> {
    const limits = await this.limitsOf(owner.id);
    const others = await this.othersRunning(limits);
    const refusal = quotaVerdict(this.occupants(owner, others), this.occupant(owner, type), limits);
    if (refusal) throw refusal;
  }

  /**
   * Checks, then holds the container's place until the returned function is called (when its
   * launch ends: by then a started container is in the index and counts from there).
   */
  async reserve(owner: Owner, type: string): Promise<Release> {
    const limits = await this.limitsOf(owner.id);
    const others = await this.othersRunning(limits);
    // From the count to the reservation nothing awaits: no other launch can slip in between.
    const wanted = this.occupant(owner, type);
    const refusal = quotaVerdict(this.occupants(owner, others), wanted, limits);
    if (refusal) throw refusal;
    this.starting.set(wanted.key, owner.id);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.starting.delete(wanted.key);
    };
  }

  /** The person's own limit as stored; null: the platform default applies. */
  async personalLimit(userId: number): Promise<number | null | undefined> {
    const row = await this.deps.db
      .selectFrom('users')
      .select('max_running')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row ? row.max_running : undefined;
  }

  /** Sets (or with null, clears) the person's own limit; false when there is no such person. */
  async setPersonalLimit(userId: number, maxRunning: number | null): Promise<boolean> {
    const result = await this.deps.db
      .updateTable('users')
      .set({ max_running: maxRunning })
      .where('id', '=', userId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The limit that applies to the person now; undefined: none. */
  effectiveLimit(personal: number | null | undefined): number | undefined {
    return personal ?? this.deps.settings.maxRunningPerUser;
  }

  private async limitsOf(userId: number): Promise<Limits> {
    return {
      perUser: this.effectiveLimit(await this.personalLimit(userId)),
      platform: this.deps.settings.maxRunningContainers,
    };
  }

  private occupant(owner: Owner, type: string): Occupant {
    return { userId: owner.id, key: containerName(owner, type) };
  }

  /**
   * The running containers of other spawners on the same engine (by id), when the platform's
   * limit needs them told apart: a container is this spawner's when its owner's row names it.
   */
  private async othersRunning(limits: Limits): Promise<Set<string>> {
    const others = new Set<string>();
    if (limits.platform === undefined) return others;
    for (const c of this.deps.index.running()) {
      const rows = await this.deps.store.listForUser(c.userId);
      if (!rows.some((row) => row.container_id === c.id)) others.add(c.id);
    }
    return others;
  }

  /**
   * What holds a place now: this spawner's running containers (one that started while the
   * others were told apart counts, to be safe) and the launches in flight. Only the asking
   * person's own containers carry their id: others' ids may be another spawner's people.
   */
  private *occupants(owner: Owner, others: ReadonlySet<string>): Iterable<Occupant> {
    for (const c of this.deps.index.running()) {
      if (others.has(c.id)) continue;
      // The name matches a launch in flight's key, so a container that just started counts once.
      yield { userId: isTheirs(c, owner) ? owner.id : -1, key: c.name };
    }
    for (const [key, userId] of this.starting) yield { userId, key };
  }
}

/** Whether the container is the person's, by the name spawner gives their containers. */
function isTheirs(c: IndexedContainer, owner: Owner): boolean {
  return c.userId === owner.id && c.name === containerName(owner, c.type);
}
