import { describe, expect, it } from 'vitest';
import { LaunchQueue, type Release } from './launchQueue.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LaunchQueue', () => {
  it('gives turns at once up to its capacity, without a place in line', async () => {
    const queue = new LaunchQueue(2);
    const positions: number[] = [];
    await queue.acquire((p) => positions.push(p));
    await queue.acquire((p) => positions.push(p));
    expect(queue.running).toBe(2);
    expect(queue.length).toBe(0);
    expect(positions).toEqual([]);
  });

  it('serves waiting launches first in, first out, telling each its place as it moves', async () => {
    const queue = new LaunchQueue(1);
    const first = await queue.acquire(() => undefined);
    const heard: Record<string, number[]> = { a: [], b: [], c: [] };
    const started: string[] = [];
    const releases: Record<string, Release> = {};
    for (const name of ['a', 'b', 'c']) {
      void queue
        .acquire((p) => heard[name]!.push(p))
        .then((release) => {
          started.push(name);
          releases[name] = release;
        });
    }
    expect(queue.length).toBe(3);
    expect(heard).toEqual({ a: [1], b: [2], c: [3] });

    first();
    await settle();
    expect(started).toEqual(['a']);
    expect(heard).toEqual({ a: [1], b: [2, 1], c: [3, 2] });

    releases.a!();
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(heard.c).toEqual([3, 2, 1]);

    releases.b!();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(queue.length).toBe(0);
    expect(queue.running).toBe(1);
  });

  it('a newcomer waits behind those already waiting, even when a turn is free', async () => {
    const queue = new LaunchQueue(1);
    const first = await queue.acquire(() => undefined);
    const started: string[] = [];
    void queue.acquire(() => undefined).then(() => started.push('early'));
    first(); // the early one takes the turn, in the same tick
    void queue.acquire(() => undefined).then(() => started.push('late'));
    await settle();
    expect(started).toEqual(['early']);
    expect(queue.length).toBe(1);
  });

  it('a turn given back twice frees one place only', async () => {
    const queue = new LaunchQueue(1);
    const release = await queue.acquire(() => undefined);
    release();
    release();
    expect(queue.running).toBe(0);
    await queue.acquire(() => undefined);
    expect(queue.running).toBe(1);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LaunchQueue(0)).toThrow(RangeError);
  });
});
