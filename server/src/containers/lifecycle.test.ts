import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.js';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { volumeName } from './identity.js';

let p: FakePlatform;
beforeEach(async () => (p = await startFakePlatform()));
afterEach(() => p.close());

const entry = async (type: string) => (await p.list.of(p.owner)).find((c) => c.type === type)!;
const volumes = async () => (await p.runtime.listVolumes()).map((v) => v.name);
const ours = () => p.runtime.list({ userId: p.owner.id });

describe('stop, restart, reset and delete on the fake runtime', () => {
  it('stops a running container, says so at once, and answers the same the second time', async () => {
    await p.containers.launch(p.owner, 'dev');
    expect(await p.containers.stop(p.owner, 'dev')).toBe('stopped');
    expect((await entry('dev')).status).toBe('stopped');
    expect(await p.containers.stop(p.owner, 'dev')).toBe('stopped');
    expect(await p.containers.stop(p.owner, 'prod')).toBe('not_created');
  });

  it('restarts the same container, and 20 simultaneous restarts leave one running', async () => {
    const { containerId } = await p.containers.launch(p.owner, 'dev');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => p.containers.restart(p.owner, 'dev')),
    );
    expect(new Set(results.map((r) => r.containerId))).toEqual(new Set([containerId]));
    expect((await ours()).map((c) => c.state)).toEqual(['running']);
  });

  it('coalesces restarts asked for together: one stop and one start, not twenty', async () => {
    await p.containers.launch(p.owner, 'dev');
    const before = {
      stop: p.runtime.calls.get('stop') ?? 0,
      start: p.runtime.calls.get('start') ?? 0,
    };
    await Promise.all(Array.from({ length: 20 }, () => p.containers.restart(p.owner, 'dev')));
    expect((p.runtime.calls.get('stop') ?? 0) - before.stop).toBe(1);
    expect((p.runtime.calls.get('start') ?? 0) - before.start).toBe(1);
    // A restart asked for after that one is a real one again.
    await p.containers.restart(p.owner, 'dev');
    expect((p.runtime.calls.get('start') ?? 0) - before.start).toBe(2);
  });

  it('mounts a labelled data volume that survives a reset, and goes with a delete', async () => {
    const first = await p.containers.launch(p.owner, 'dev');
    const volume = volumeName(p.owner, 'dev');
    const labels = (await p.runtime.listVolumes()).find((v) => v.name === volume)?.labels;
    expect(labels).toMatchObject({ 'spawner.managed': 'true', 'spawner.slug': p.owner.slug });

    expect(await p.containers.remove(p.owner, 'dev', { data: false })).toBe('not_created');
    expect(await entry('dev')).toMatchObject({ status: 'not_created', container_id: null });
    expect(await ours()).toHaveLength(0);
    expect(await volumes()).toContain(volume);

    const second = await p.containers.launch(p.owner, 'dev');
    expect(second.containerId).not.toBe(first.containerId);
    expect(await p.containers.remove(p.owner, 'dev', { data: true })).toBe('not_created');
    expect(await p.containers.remove(p.owner, 'dev', { data: true })).toBe('not_created');
    expect(await volumes()).not.toContain(volume);
    expect(await ours()).toHaveLength(0);
  });

  it('shows an update for a rebuilt image; restart moves to it, keeping the volume', async () => {
    const { containerId } = await p.containers.launch(p.owner, 'dev');
    expect((await entry('dev')).update_available).toBe(false);
    const newImage = p.runtime.addImage('dev');
    await p.images.refresh();
    expect(await entry('dev')).toMatchObject({ status: 'running', update_available: true });

    const restarted = await p.containers.restart(p.owner, 'dev');
    expect(restarted.containerId).not.toBe(containerId);
    expect((await p.runtime.inspect(restarted.containerId))?.imageId).toBe(newImage);
    expect(await volumes()).toEqual([volumeName(p.owner, 'dev')]);
    expect(await entry('dev')).toMatchObject({ status: 'running', update_available: false });
  });

  it('recreates a stopped container on a rebuilt image at its next launch', async () => {
    const { containerId } = await p.containers.launch(p.owner, 'dev');
    await p.containers.stop(p.owner, 'dev');
    const newImage = p.runtime.addImage('dev');
    const again = await p.containers.launch(p.owner, 'dev');
    expect(again.containerId).not.toBe(containerId);
    expect((await p.runtime.inspect(again.containerId))?.imageId).toBe(newImage);
    expect(await ours()).toHaveLength(1);
  });

  it('ends consistent when a stop or a delete races a launch', async () => {
    const [, stopped] = await Promise.all([
      p.containers.launch(p.owner, 'dev'),
      p.containers.stop(p.owner, 'dev'),
    ]);
    expect(stopped).toBe('stopped');
    await eventually(async () => (await entry('dev')).status === 'stopped');

    const [, removed] = await Promise.all([
      p.containers.launch(p.owner, 'dev'),
      p.containers.remove(p.owner, 'dev', { data: true }),
    ]);
    expect(removed).toBe('not_created');
    expect(await ours()).toHaveLength(0);
    expect(await volumes()).toHaveLength(0);
    expect((await entry('dev')).status).toBe('not_created');
  });
});

describe('stops_at', () => {
  it('says when a running container will be stopped for idleness', async () => {
    await p.close();
    p = await startFakePlatform({}, { IDLE_TIMEOUT_MINUTES: '30' });
    await p.containers.launch(p.owner, 'dev');
    const { last_used, stops_at } = await entry('dev');
    expect(Date.parse(stops_at!) - Date.parse(last_used!)).toBe(30 * 60_000);
    await p.containers.stop(p.owner, 'dev');
    expect((await entry('dev')).stops_at).toBeNull();
  });
});
