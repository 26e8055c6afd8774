import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLog, startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { IdleCullerTask } from './idleCullerTask.js';

const MINUTE = 60_000;
let p: FakePlatform;
let culler: IdleCullerTask;
beforeEach(async () => {
  p = await startFakePlatform();
  culler = new IdleCullerTask(
    { ...p, idleTimeoutMs: 30 * MINUTE, checkIntervalMs: MINUTE },
    silentLog,
  );
});
afterEach(() => p.close());

async function launchUsed(type: string, minutesAgo: number): Promise<string> {
  const { containerId } = await p.containers.launch(p.owner, type);
  const at = new Date(Date.now() - minutesAgo * MINUTE).toISOString();
  await p.store.touch(p.owner.id, type, at);
  return containerId;
}

const state = async (id: string) => (await p.runtime.inspect(id))?.state;

describe('the idle culler on the fake runtime', () => {
  it('stops containers unused for longer than the timeout and keeps recent ones', async () => {
    const idle = await launchUsed('dev', 45);
    const recent = await launchUsed('prod', 5);
    await culler.runOnce();
    expect(await state(idle)).toBe('stopped');
    expect(await state(recent)).toBe('running');
  });

  it('keeps a container with an open connection running, however old its last use', async () => {
    const id = await launchUsed('dev', 45);
    const release = p.tracker.openConnection(p.owner.id, 'dev');
    await culler.runOnce();
    expect(await state(id)).toBe('running');
    release();
  });

  it('asks the engine only about the container it stops, never for a list', async () => {
    await launchUsed('dev', 45);
    p.runtime.calls.clear();
    await culler.runOnce();
    expect([...p.runtime.calls.keys()].sort()).toEqual(['inspect', 'stop']);
  });
});
