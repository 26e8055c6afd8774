import type { ProgressEvent } from '@spawner/api';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionLeases } from '../src/containers/connectionLeases.js';
import { ContainerIndex } from '../src/containers/containerIndex.js';
import { ContainerStore } from '../src/containers/containerStore.js';
import { containerKey } from '../src/containers/identity.js';
import { LastUsedTracker } from '../src/containers/lastUsed.js';
import { LaunchProgress } from '../src/containers/launchProgress.js';
import { Quotas } from '../src/containers/quotas.js';
import { ReplicaPresence } from '../src/containers/replicaPresence.js';
import { QuotaExceededError } from '../src/errors.js';
import { FakeRuntime } from '../src/runtime/fakeRuntime.js';
import { eventually } from '../src/testing/eventually.js';
import { silentLog } from '../src/testing/fakePlatform.js';
import { TEST_PRESENCE } from '../src/testing/replicas.js';
import { UserStore } from '../src/users/userStore.js';
import { twoReplicas, type TwoReplicas } from './helpers/replicaStores.js';

/** What two replicas of one platform share, on the run's store and cluster (PostgreSQL's or one process's). */
let t: TwoReplicas | undefined;
const closing: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
  await t?.close();
  t = undefined;
});

async function presences(platform: TwoReplicas): Promise<[ReplicaPresence, ReplicaPresence]> {
  const made = platform.clusters.map(
    (cluster) =>
      new ReplicaPresence({
        db: platform.db,
        replicaId: cluster.replicaId,
        log: silentLog,
        times: TEST_PRESENCE,
      }),
  ) as [ReplicaPresence, ReplicaPresence];
  for (const presence of made) {
    await presence.start();
    closing.push(() => presence.close());
  }
  return made;
}

describe('state the replicas share', () => {
  it('a watcher on one replica follows a launch made through the other, to the last lines of its failure', async () => {
    t = await twoReplicas();
    const [a, b] = t.clusters.map((cluster) => new LaunchProgress({ cluster, log: silentLog }));
    closing.push(
      () => a!.close(),
      () => b!.close(),
    );
    const seen: ProgressEvent[] = [];
    b!.subscribe(7, 'dev', (e) => seen.push(e));
    a!.report(7, 'dev', { phase: 'queued', position: 1 });
    a!.report(7, 'dev', { phase: 'creating' });
    a!.report(7, 'dev', { phase: 'starting' });
    a!.report(7, 'dev', { phase: 'waiting', seconds: 0 });
    await eventually(() => seen.length === 4, 10_000);
    expect(b!.current(7, 'dev')).toEqual({ phase: 'waiting', seconds: 0 });
    a!.report(7, 'dev', {
      phase: 'failed',
      error: 'app_exited',
      message: 'The app stopped.',
      logs: 'x'.repeat(20_000) + '\nthe last line',
    });
    await eventually(() => seen.length === 5, 10_000);
    expect(seen.map((e) => e.phase)).toEqual([
      'queued',
      'creating',
      'starting',
      'waiting',
      'failed',
    ]);
    const failed = seen[4]!;
    expect(failed.phase === 'failed' && failed.logs.endsWith('the last line')).toBe(true);
    expect(b!.current(7, 'dev')).toBeUndefined();
  });

  it("an open connection on one replica keeps the container in use for the other's culler", async () => {
    t = await twoReplicas();
    const [pa, pb] = await presences(t);
    const tracker = (presence: ReplicaPresence, at: 0 | 1) =>
      new LastUsedTracker({
        store: new ContainerStore(t!.db, { cluster: t!.clusters[at], log: silentLog }),
        leases: new ConnectionLeases({ db: t!.db, presence }),
        log: silentLog,
      });
    const a = tracker(pa, 0);
    const b = tracker(pb, 1);
    const close = a.openConnection(7, 'dev');
    await eventually(async () => (await b.inUse()).has(containerKey(7, 'dev')), 10_000);
    close();
    await a.flush();
    expect(await b.inUse()).toEqual(new Set());
  });

  it("one replica's writes of a user's container rows reach the other's cached copy", async () => {
    t = await twoReplicas();
    const [a, b] = t.clusters.map(
      (cluster) => new ContainerStore(t!.db, { cluster, log: silentLog }),
    );
    closing.push(
      () => a!.close(),
      () => b!.close(),
    );
    const ada = await new UserStore(t.db).findOrCreate('ada@example.com');
    expect(await b!.listForUser(ada.id)).toEqual([]);
    await a!.save({
      userId: ada.id,
      type: 'dev',
      containerId: 'c1',
      containerPort: null,
      templateImage: 'dev',
      createdAt: null,
      lastUsed: null,
      lastError: null,
      lastErrorCode: null,
    });
    await eventually(async () => (await b!.listForUser(ada.id)).length === 1, 10_000);
    await a!.remove(ada.id, 'dev');
    await eventually(async () => (await b!.listForUser(ada.id)).length === 0, 10_000);
  });

  it('launches through both replicas cannot pass a limit together', async () => {
    t = await twoReplicas();
    const [pa, pb] = await presences(t);
    const quotas = (presence: ReplicaPresence, at: 0 | 1) =>
      new Quotas({
        db: t!.db,
        index: new ContainerIndex({ runtime: new FakeRuntime(), log: silentLog }),
        cluster: t!.clusters[at],
        presence,
        settings: {
          maxRunningPerUser: 1,
          maxRunningContainers: undefined,
          maxConcurrentLaunches: 1,
        },
        log: silentLog,
      });
    const ada = { id: 7, slug: 'ada' };
    const results = await Promise.allSettled([
      quotas(pa, 0).reserve(ada, 'dev'),
      quotas(pb, 1).reserve(ada, 'prod'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.reason).toEqual(new QuotaExceededError('user', 1));
  });
});
