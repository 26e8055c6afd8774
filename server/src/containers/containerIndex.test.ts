import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.js';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { DEFAULT_SECURITY } from '../runtime/runtime.js';

let p: FakePlatform;
beforeEach(async () => (p = await startFakePlatform()));
afterEach(() => p.close());

describe('ContainerIndex on the fake runtime', () => {
  it('follows starts, stops, crashes and removals from the event stream', async () => {
    const { containerId } = await p.containers.launch(p.owner, 'dev');
    expect(p.index.get(p.owner, 'dev')).toMatchObject({ id: containerId, state: 'running' });
    expect(p.index.get(p.owner, 'dev')!.endpoint).toBeDefined();

    await p.runtime.crash(containerId);
    await eventually(() => p.index.get(p.owner, 'dev')?.state === 'stopped');
    expect(p.index.get(p.owner, 'dev')!.endpoint).toBeUndefined();

    await p.runtime.start(containerId);
    await eventually(() => p.index.get(p.owner, 'dev')?.state === 'running');
    expect(p.index.running().map((c) => c.id)).toEqual([containerId]);

    await p.runtime.remove(containerId);
    await eventually(() => p.index.get(p.owner, 'dev') === undefined);
    expect(p.index.size).toBe(0);
  });

  it('marks itself unreachable while the engine is away, and re-lists when it is back', async () => {
    const { containerId } = await p.containers.launch(p.owner, 'dev');
    p.runtime.setReachable(false);
    expect(p.index.reachable).toBe(false);
    // What happens while it is away is not seen as events: the re-list must find it.
    p.runtime.setReachable(true);
    await p.runtime.stop(containerId);
    p.runtime.setReachable(false);
    p.runtime.setReachable(true);
    await eventually(() => p.index.reachable, 5000);
    await eventually(() => p.index.get(p.owner, 'dev')?.state === 'stopped');
  });

  it('ignores engine objects that are not user containers of ours', async () => {
    await p.runtime.create({
      name: 'someone-elses',
      image: 'dev',
      env: {},
      labels: { 'spawner.managed': 'true' },
      port: 8080,
      memoryBytes: 1,
      cpus: 1,
      network: undefined,
      mounts: [],
      security: DEFAULT_SECURITY,
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(p.index.size).toBe(0);
  });
});
