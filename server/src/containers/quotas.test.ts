import type { ProgressEvent } from '@spawner/api';
import { afterEach, describe, expect, it } from 'vitest';
import { QuotaExceededError } from '../errors.js';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { quotaVerdict, type Occupant } from './quotas.js';

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
