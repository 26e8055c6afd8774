import type { ProgressEvent } from '@spawner/api';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalCluster, LocalHub } from '../cluster/localCluster.js';
import type { QuotaSettings } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { QuotaExceededError } from '../errors.js';
import { FakeRuntime } from '../runtime/fakeRuntime.js';
import { eventually } from '../testing/eventually.js';
import { silentLog, startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { agePresence, TEST_PRESENCE } from '../testing/replicas.js';
import { ContainerIndex } from './containerIndex.js';
import { quotaVerdict, Quotas, type Occupant } from './quotas.js';
import { ReplicaPresence } from './replicaPresence.js';

const at = (userId: number, type: string): Occupant => ({ userId, key: `${userId}:${type}` });

describe('quotaVerdict', () => {
  const none = { perUser: undefined, platform: undefined };

  it('lets anything start without limits', () => {
    expect(quotaVerdict([at(1, 'dev'), at(2, 'dev')], at(1, 'prod'), none)).toBeUndefined();
  });

  it("refuses the person's next container at their limit, naming that limit", () => {
    const refusal = quotaVerdict([at(1, 'dev'), at(2, 'dev')], at(1, 'prod'), {
      perUser: 1,
      platform: 10,
    });
    expect(refusal).toBeInstanceOf(QuotaExceededError);
    expect(refusal).toMatchObject({ scope: 'user', limit: 1 });
    expect(refusal?.message).toBe(
      'You have 1 container running, the most allowed per person. Stop one on your dashboard, then try again.',
    );
  });

  it('never counts the wanted container itself, nor one container twice', () => {
    const limits = { perUser: 1, platform: 2 };
    expect(quotaVerdict([at(1, 'dev'), at(1, 'dev')], at(1, 'dev'), limits)).toBeUndefined();
    expect(quotaVerdict([at(2, 'dev'), at(2, 'dev')], at(1, 'dev'), limits)).toBeUndefined();
  });

  it("refuses anyone's container at the platform's limit", () => {
    const refusal = quotaVerdict([at(2, 'dev'), at(3, 'dev')], at(1, 'dev'), {
      perUser: 5,
      platform: 2,
    });
    expect(refusal).toMatchObject({ scope: 'platform', limit: 2 });
    expect(refusal?.message).toMatch(/^The platform runs 2 containers, the most it allows/);
  });

  it('a limit of 0 refuses every start', () => {
    expect(quotaVerdict([], at(1, 'dev'), { perUser: 0, platform: undefined })?.message).toBe(
      'You may not run any containers. Ask an administrator to raise your limit.',
    );
  });
});

let p: FakePlatform | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  );

describe('quotas on the fake platform', () => {
  it('every way of starting counts against MAX_RUNNING_PER_USER', async () => {
    p = await startFakePlatform({}, { MAX_RUNNING_PER_USER: '1' });
    await p.containers.launch(p.owner, 'dev');
    // Launching the running one again needs no new place.
    await p.containers.launch(p.owner, 'dev');
    await expect(p.containers.launch(p.owner, 'prod')).rejects.toMatchObject({
      code: 'quota_exceeded',
      scope: 'user',
      limit: 1,
    });
    await expect(p.containers.checkQuota(p.owner, 'prod')).rejects.toBeInstanceOf(
      QuotaExceededError,
    );
    // Restarting the running one keeps its place.
    await p.containers.restart(p.owner, 'dev');
    await p.containers.stop(p.owner, 'dev');
    await p.containers.launch(p.owner, 'prod');
    // Restarting the stopped one is a start like any other.
    await expect(p.containers.restart(p.owner, 'dev')).rejects.toBeInstanceOf(QuotaExceededError);
    expect(
      (await p.runtime.list({ userId: p.owner.id })).filter((c) => c.state === 'running'),
    ).toHaveLength(1);
  });

  it('launches side by side cannot pass the limit together', async () => {
    p = await startFakePlatform({}, { MAX_RUNNING_PER_USER: '1' });
    const owner = p.owner;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => p!.containers.launch(owner, i % 2 ? 'dev' : 'prod')),
    );
    const started = new Set(
      results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.containerId] : [])),
    );
    expect(started.size).toBe(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(QuotaExceededError);
    }
    expect(await p.runtime.list({ userId: owner.id })).toHaveLength(1);
  });

  it('MAX_RUNNING_CONTAINERS holds for everyone together', async () => {
    p = await startFakePlatform({}, { MAX_RUNNING_CONTAINERS: '2' });
    const people = await Promise.all(
      ['a', 'b', 'c'].map((name) => p!.users.findOrCreate(`${name}@example.com`)),
    );
    const outcomes = await Promise.all(
      people.map((person) => refusal(p!.containers.launch(person, 'dev'))),
    );
    expect(outcomes.filter((o) => o === undefined)).toHaveLength(2);
    expect(outcomes.find((o) => o !== undefined)).toMatchObject({ scope: 'platform', limit: 2 });
  });

  it("an administrator's limit for one person replaces the default", async () => {
    p = await startFakePlatform({}, { MAX_RUNNING_PER_USER: '1' });
    expect(await p.quotas.setPersonalLimit(p.owner.id, 2)).toBe(true);
    await p.containers.launch(p.owner, 'dev');
    await p.containers.launch(p.owner, 'prod');
    await p.quotas.setPersonalLimit(p.owner.id, null);
    await p.containers.stop(p.owner, 'prod');
    await expect(p.containers.launch(p.owner, 'prod')).rejects.toBeInstanceOf(QuotaExceededError);
    expect(await p.quotas.setPersonalLimit(999_999, 3)).toBe(false);
  });

  it('a refused launch says so to watchers and leaves no error on the container', async () => {
    p = await startFakePlatform({}, { MAX_RUNNING_PER_USER: '1' });
    await p.containers.launch(p.owner, 'dev');
    const events: ProgressEvent[] = [];
    p.progress.subscribe(p.owner.id, 'prod', (e) => events.push(e));
    await expect(p.containers.launch(p.owner, 'prod')).rejects.toBeInstanceOf(QuotaExceededError);
    expect(events).toEqual([expect.objectContaining({ phase: 'failed', error: 'quota_exceeded' })]);
    expect(await p.store.get(p.owner.id, 'prod')).toBeUndefined();
  });
});

describe('the launch queue on the fake platform', () => {
  it('beyond MAX_CONCURRENT_LAUNCHES, launches wait in order and hear their place', async () => {
    p = await startFakePlatform({}, { MAX_CONCURRENT_LAUNCHES: '1' });
    const people = await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) => p!.users.findOrCreate(`${name}@example.com`)),
    );
    const places = new Map<string, number[]>(people.map((person) => [person.slug, []]));
    for (const person of people) {
      p.progress.subscribe(person.id, 'dev', (e) => {
        if (e.phase === 'queued') places.get(person.slug)!.push(e.position);
      });
    }
    const finished: string[] = [];
    await Promise.all(
      people.map((person) =>
        p!.containers.launch(person, 'dev').then(() => finished.push(person.slug)),
      ),
    );
    expect(finished).toEqual(['a', 'b', 'c', 'd']);
    expect(Object.fromEntries(places)).toEqual({ a: [], b: [1], c: [2, 1], d: [3, 2, 1] });
  });
});

describe('places within the quotas, across replicas', () => {
  let db: Db | undefined;
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
    await db?.destroy();
    db = undefined;
  });

  /** A replica's quotas on the one store, with an engine that runs nothing. */
  async function replica(
    store: Db,
    hub: LocalHub,
    settings: Partial<QuotaSettings>,
    beating = true,
  ) {
    const cluster = new LocalCluster(hub);
    const presence = new ReplicaPresence({
      db: store,
      replicaId: cluster.replicaId,
      log: silentLog,
      times: TEST_PRESENCE,
    });
    if (beating) await presence.start();
    else await presence.beat();
    closing.push(
      () => presence.close(),
      () => cluster.close(),
    );
    const index = new ContainerIndex({ runtime: new FakeRuntime(), log: silentLog });
    return {
      cluster,
      quotas: new Quotas({
        db: store,
        index,
        cluster,
        presence,
        settings: {
          maxRunningPerUser: undefined,
          maxRunningContainers: undefined,
          maxConcurrentLaunches: 1,
          ...settings,
        },
        log: silentLog,
      }),
    };
  }

  const ada = { id: 7, slug: 'ada' };
  const bob = { id: 8, slug: 'bob' };

  it("launches on two replicas cannot pass a person's limit together", async () => {
    db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    const hub = new LocalHub();
    const a = await replica(db, hub, { maxRunningPerUser: 1 });
    const b = await replica(db, hub, { maxRunningPerUser: 1 });
    const results = await Promise.allSettled([
      a.quotas.reserve(ada, 'dev'),
      b.quotas.reserve(ada, 'prod'),
    ]);
    const held = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(held).toHaveLength(1);
    expect(refused).toEqual([new QuotaExceededError('user', 1)]);
    await expect(b.quotas.check(ada, 'prod')).rejects.toThrow(QuotaExceededError);
    // Someone else is not held back by Ada's launch, nor is Ada's own container by itself.
    await b.quotas.check(bob, 'dev');
    await b.quotas.check(ada, results[0].status === 'fulfilled' ? 'dev' : 'prod');

    held[0]!();
    await eventually(async () => (await refusal(b.quotas.check(ada, 'prod'))) === undefined);
    (await b.quotas.reserve(ada, 'prod'))();
  });

  it("the platform's limit holds for launches on every replica", async () => {
    db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    const hub = new LocalHub();
    const a = await replica(db, hub, { maxRunningContainers: 1 });
    const b = await replica(db, hub, { maxRunningContainers: 1 });
    await a.quotas.reserve(ada, 'dev');
    expect(await refusal(b.quotas.reserve(bob, 'dev'))).toEqual(
      new QuotaExceededError('platform', 1),
    );
  });

  it("a dead replica's launches hold no place", async () => {
    db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    const hub = new LocalHub();
    const doomed = await replica(db, hub, { maxRunningPerUser: 1 }, false);
    const b = await replica(db, hub, { maxRunningPerUser: 1 });
    await doomed.quotas.reserve(ada, 'dev');
    await expect(b.quotas.check(ada, 'prod')).rejects.toThrow(QuotaExceededError);
    await agePresence(db, doomed.cluster.replicaId);
    await b.quotas.check(ada, 'prod');
  });
});
