import type { Logger } from 'pino';
import type { Cluster } from '../cluster/cluster.js';
import type { QuotaSettings } from '../config.js';
import type { Db } from '../db/database.js';
import { QuotaExceededError } from '../errors.js';
import type { ContainerIndex, IndexedContainer } from './containerIndex.js';
import { containerName, type Owner } from './identity.js';
import type { Release } from './launchQueue.js';
import type { ReplicaPresence } from './replicaPresence.js';

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

/** Places are taken one at a time platform-wide: two launches cannot count the same room. */
const PLACES_LOCK = 'quotas:places';

/**
 * MAX_RUNNING_PER_USER (or the person's own limit, set by an administrator) and
 * MAX_RUNNING_CONTAINERS. Running containers come from the in-memory index (every replica sees
 * the whole engine); containers being started hold a place in the store (`launch_places`) from
 * the check until their launch ends, on whichever replica, so launches side by side cannot pass
 * a limit together. Only this spawner's containers count: another spawner on the same engine
 * has users of the same ids (a person's are known by name, the platform's by the store).
 */
export class Quotas {
  constructor(
    private readonly deps: {
      db: Db;
      index: ContainerIndex;
      cluster: Cluster;
      presence: ReplicaPresence;
      settings: QuotaSettings;
      log: Logger;
    },
  ) {}

  /** Throws QuotaExceededError when starting this container now would pass a limit. */
  async check(owner: Owner, type: string): Promise<void> {
    const limits = await this.limitsOf(owner.id);
    const refusal = await this.refusal(owner, type, limits, await this.othersRunning(limits));
    if (refusal) throw refusal;
  }

  /**
   * Checks, then holds the container's place until the returned function is called (when its
   * launch ends: by then a started container is in every replica's index and counts from there).
   */
  async reserve(owner: Owner, type: string): Promise<Release> {
    const limits = await this.limitsOf(owner.id);
    const others = await this.othersRunning(limits);
    const { db, cluster, presence } = this.deps;
    const place = await cluster.withLock(PLACES_LOCK, async () => {
      const refusal = await this.refusal(owner, type, limits, others);
      if (refusal) throw refusal;
      const row = await db
        .insertInto('launch_places')
        .values({
          replica_id: presence.replicaId,
          user_id: owner.id,
          container_key: this.occupant(owner, type).key,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      db.deleteFrom('launch_places')
        .where('id', '=', place)
        .execute()
        // Left behind, it goes with this replica; meanwhile it counts for a container that is
        // running by now (counted once) or whose launch failed.
        .catch((err: unknown) => this.deps.log.warn({ err, place }, 'launch place not given back'));
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

  /** The limit starting the container would pass now, counting the launches in flight. */
  private async refusal(
    owner: Owner,
    type: string,
    limits: Limits,
    others: ReadonlySet<string>,
  ): Promise<QuotaExceededError | undefined> {
    const places = await this.placesHeld();
    return quotaVerdict(this.occupants(owner, others, places), this.occupant(owner, type), limits);
  }

  private occupant(owner: Owner, type: string): Occupant {
    return { userId: owner.id, key: containerName(owner, type) };
  }

  /**
   * The running containers of other spawners on the same engine (by id), when the platform's
   * limit needs them told apart: a container is this spawner's when a row of its store names it.
   */
  private async othersRunning(limits: Limits): Promise<Set<string>> {
    const running = this.deps.index.running().map((c) => c.id);
    if (limits.platform === undefined || running.length === 0) return new Set();
    const ours = new Set<string | null>();
    for (let at = 0; at < running.length; at += ID_BATCH) {
      const rows = await this.deps.db
        .selectFrom('user_containers')
        .select('container_id')
        .where('container_id', 'in', running.slice(at, at + ID_BATCH))
        .execute();
      for (const row of rows) ours.add(row.container_id);
    }
    return new Set(running.filter((id) => !ours.has(id)));
  }

  /** The launches in flight on every live replica. */
  private placesHeld(): Promise<Occupant[]> {
    return this.deps.db
      .selectFrom('launch_places')
      .select(['user_id as userId', 'container_key as key'])
      .where('replica_id', 'in', this.deps.presence.alive())
      .execute();
  }

  /**
   * What holds a place now: this spawner's running containers (one that started while the
   * others were told apart counts, to be safe) and the launches in flight. Only the asking
   * person's own containers carry their id: others' ids may be another spawner's people.
   */
  private *occupants(
    owner: Owner,
    others: ReadonlySet<string>,
    places: readonly Occupant[],
  ): Iterable<Occupant> {
    for (const c of this.deps.index.running()) {
      if (others.has(c.id)) continue;
      // The name matches a launch in flight's key, so a container that just started counts once.
      yield { userId: isTheirs(c, owner) ? owner.id : -1, key: c.name };
    }
    yield* places;
  }
}

/** Container ids per query: far below every store's limit of bound parameters. */
const ID_BATCH = 500;

/** Whether the container is the person's, by the name spawner gives their containers. */
function isTheirs(c: IndexedContainer, owner: Owner): boolean {
  return c.userId === owner.id && c.name === containerName(owner, c.type);
}
