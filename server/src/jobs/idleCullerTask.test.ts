import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerKey } from '../containers/identity.js';
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

  it('leaves an app alone that a launch holding its key has used meanwhile', async () => {
    const id = await launchUsed('dev', 45);
    // A launch of it (on this replica or another) holds the container's key.
    let launchDone = () => {};
    const launchHolds = p.cluster.withLock(
      `container/${containerKey(p.owner.id, 'dev')}`,
      () => new Promise<void>((resolve) => (launchDone = resolve)),
    );
    const culled = culler.runOnce();
    // The store and runtime are in memory: a few turns of the event loop take the culler
    // through its listing to the key, where it waits.
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    // The launch ends by noting the use; only then does the culler get the key.
    await p.store.touch(p.owner.id, 'dev', new Date().toISOString());
    launchDone();
    await launchHolds;
    await culled;
    expect(await state(id)).toBe('running');
  });

  it('asks the engine only about the container it stops, never for a list', async () => {
    await launchUsed('dev', 45);
    p.runtime.calls.clear();
    await culler.runOnce();
    expect([...p.runtime.calls.keys()].sort()).toEqual(['inspect', 'stop']);
  });
});
