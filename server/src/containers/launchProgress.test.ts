import type { ProgressEvent } from '@spawner/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';

let p: FakePlatform;
beforeEach(async () => (p = await startFakePlatform()));
afterEach(() => p.close());

function watch(type: string): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  p.progress.subscribe(p.owner.id, type, (e) => events.push(e));
  return events;
}

describe('launch progress on the fake runtime', () => {
  it('reports creating, starting, waiting and ready, then forgets the launch', async () => {
    const events = watch('dev');
    const { serviceUrl } = await p.containers.launch(p.owner, 'dev');
    expect(events.map((e) => e.phase)).toEqual(['creating', 'starting', 'waiting', 'ready']);
    expect(events.at(-1)).toEqual({ phase: 'ready', service_url: serviceUrl });
    expect(p.progress.current(p.owner.id, 'dev')).toBeUndefined();
  });

  it('starts a stopped container without creating it', async () => {
    await p.containers.launch(p.owner, 'dev');
    await p.containers.stop(p.owner, 'dev');
    const events = watch('dev');
    await p.containers.launch(p.owner, 'dev');
    expect(events.map((e) => e.phase)).toEqual(['starting', 'waiting', 'ready']);
  });

  it('reports a failure with its code, sentence and the app’s last lines', async () => {
    await p.close();
    p = await startFakePlatform({ dev: { app: 'crashes', startupLine: 'boom: no config' } });
    const events = watch('dev');
    await expect(p.containers.launch(p.owner, 'dev')).rejects.toThrow();
    expect(events.at(-1)).toMatchObject({
      phase: 'failed',
      error: 'app_exited',
      logs: expect.stringContaining('boom: no config') as unknown,
    });
  });

  it('counts the seconds waited while the app does not answer', async () => {
    await p.close();
    p = await startFakePlatform({ dev: { app: 'silent' } });
    const events = watch('dev');
    const launch = p.containers.launch(p.owner, 'dev').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1500));
    expect(p.progress.current(p.owner.id, 'dev')).toEqual({ phase: 'waiting', seconds: 1 });
    await launch;
    const waited = events.filter((e) => e.phase === 'waiting').map((e) => e.seconds);
    expect(waited.slice(0, 2)).toEqual([0, 1]);
  }, 10_000);
});
