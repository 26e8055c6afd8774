import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyedLock.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

/** A task that notes in `log` when it starts and ends, with a pause between. */
const recordingTask = (log: string[]) => (name: string) => async () => {
  log.push(`${name}:start`);
  await tick();
  log.push(`${name}:end`);
};

describe('KeyedLock', () => {
  it('runs tasks with the same key one after another', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = recordingTask(log);
    await Promise.all([lock.run('a', task('1')), lock.run('a', task('2'))]);
    expect(log).toEqual(['1:start', '1:end', '2:start', '2:end']);
  });

  it('runs tasks with different keys side by side', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = recordingTask(log);
    await Promise.all([lock.run('a', task('1')), lock.run('b', task('2'))]);
    expect(log.slice(0, 2)).toEqual(['1:start', '2:start']);
  });

  it('goes on after a failed task and forgets idle keys', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('a', () => Promise.resolve(42))).resolves.toBe(42);
    await tick();
    expect(lock.size).toBe(0);
  });

  it('is idle once every task has ended, also one queued while waiting', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = recordingTask(log);
    void lock.run('a', task('1'));
    void lock.run('b', () => Promise.reject(new Error('boom'))).catch(() => undefined);
    const idle = lock.idle().then(() => log.push('idle'));
    void lock.run('a', task('2'));
    await idle;
    expect(log).toEqual(['1:start', '1:end', '2:start', '2:end', 'idle']);
    expect(lock.size).toBe(0);
  });
});
