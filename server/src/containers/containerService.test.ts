import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.js';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { containerName } from './identity.js';

let p: FakePlatform;
beforeEach(async () => (p = await startFakePlatform()));
afterEach(() => p.close());

const entry = async (type: string) => (await p.list.of(p.owner)).find((c) => c.type === type)!;

describe('ContainerService on the fake runtime', () => {
  it('lists one not_created entry per template, in template order', async () => {
    const list = await p.list.of(p.owner);
    expect(list.map((c) => [c.type, c.status, c.container_id])).toEqual([
      ['dev', 'not_created', null],
      ['prod', 'not_created', null],
    ]);
    expect(list[0]!.service_url).toBe('https://spawner.example.com/ada-dev');
  });

  it('creates, starts and lists a container; listing asks the engine nothing', async () => {
    const launched = await p.containers.launch(p.owner, 'dev');
    const info = await p.runtime.inspect(launched.containerId);
    expect(info).toMatchObject({ name: containerName(p.owner, 'dev'), state: 'running' });
    expect(info!.labels['spawner.slug']).toBe('ada');
    const before = new Map(p.runtime.calls);
    expect(await entry('dev')).toMatchObject({
      status: 'running',
      container_id: launched.containerId,
    });
    expect(p.runtime.calls).toEqual(before);
  });

  it('makes exactly one container for 20 simultaneous launches', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => p.containers.launch(p.owner, 'dev')),
    );
    expect(new Set(results.map((r) => r.containerId)).size).toBe(1);
    expect(await p.runtime.list({ userId: p.owner.id })).toHaveLength(1);
  });

  it('follows a stop behind its back, and starts the same container on the next launch', async () => {
    const { containerId } = await p.containers.launch(p.owner, 'dev');
    await p.runtime.stop(containerId);
    await eventually(async () => (await entry('dev')).status === 'stopped');
    expect((await p.containers.launch(p.owner, 'dev')).containerId).toBe(containerId);
    expect((await entry('dev')).status).toBe('running');
  });

  it('shows a container removed behind its back as not_created, and creates it again', async () => {
    const { containerId } = await p.containers.launch(p.owner, 'dev');
    await p.runtime.remove(containerId);
    await eventually(async () => (await entry('dev')).status === 'not_created');
    const again = await p.containers.launch(p.owner, 'dev');
    expect(again.containerId).not.toBe(containerId);
    expect(await p.store.listForUser(p.owner.id)).toHaveLength(1);
  });

  it('adopts a container of its own name left by a crash instead of failing', async () => {
    const first = await p.containers.launch(p.owner, 'dev');
    await p.db.deleteFrom('user_containers').execute();
    const again = await p.containers.launch(p.owner, 'dev');
    expect(again.containerId).toBe(first.containerId);
  });

  it('fails a launch whose app exits, with its last words, and shows the error', async () => {
    await p.close();
    p = await startFakePlatform({ dev: { app: 'crashes', startupLine: 'boom: no config' } });
    await expect(p.containers.launch(p.owner, 'dev')).rejects.toThrow(/boom: no config/);
    expect(await entry('dev')).toMatchObject({ status: 'error' });
  });

  it('fails a launch whose app never answers, naming the port and the wait', async () => {
    await p.close();
    p = await startFakePlatform({ dev: { app: 'silent' } });
    await expect(p.containers.launch(p.owner, 'dev')).rejects.toThrow(
      /did not answer on port 8080 within 2 seconds/,
    );
  }, 10_000);

  it('refuses an unknown type', () => {
    expect(() => p.containers.launch(p.owner, 'nope')).toThrow(/no container type "nope"/);
  });

  it('says the engine is away while it is, and recovers', async () => {
    await p.containers.launch(p.owner, 'dev');
    p.runtime.setReachable(false);
    expect(await entry('dev')).toMatchObject({
      status: 'error',
      error: 'The container engine is not reachable.',
    });
    expect((await entry('prod')).status).toBe('not_created');
    p.runtime.setReachable(true);
    await eventually(async () => (await entry('dev')).status === 'running', 5000);
  });
});
