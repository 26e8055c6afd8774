import type { ProgressEvent } from '@spawner/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../cluster/cluster.js';
import { LocalCluster, LocalHub } from '../cluster/localCluster.js';
import { eventually } from '../testing/eventually.js';
import { silentLog, startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { fitted, LaunchProgress } from './launchProgress.js';

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

describe('launch progress across replicas', () => {
  const hub = () => new LocalHub();
  const replicas: LaunchProgress[] = [];
  const clusters: LocalCluster[] = [];
  const replicaOn = (on: LocalHub) => {
    const cluster = new LocalCluster(on);
    const progress = new LaunchProgress({ cluster, log: silentLog });
    clusters.push(cluster);
    replicas.push(progress);
    return progress;
  };
  afterEach(async () => {
    vi.useRealTimers();
    for (const progress of replicas.splice(0)) progress.close();
    for (const cluster of clusters.splice(0)) await cluster.close();
  });

  it('a watcher on one replica follows a launch on another, and a late one starts from where it is', async () => {
    const on = hub();
    const a = replicaOn(on);
    const b = replicaOn(on);
    const seen: ProgressEvent[] = [];
    b.subscribe(7, 'dev', (e) => seen.push(e));
    a.report(7, 'dev', { phase: 'queued', position: 2 });
    a.report(7, 'dev', { phase: 'creating' });
    a.report(7, 'dev', { phase: 'starting' });
    await eventually(() => seen.length === 3);
    expect(b.current(7, 'dev')).toEqual({ phase: 'starting' });
    const late = replicaOn(on);
    expect(late.current(7, 'dev')).toBeUndefined();
    a.report(7, 'dev', { phase: 'waiting', seconds: 1 });
    await eventually(() => late.current(7, 'dev') !== undefined);
    expect(late.current(7, 'dev')).toEqual({ phase: 'waiting', seconds: 1 });
    a.report(7, 'dev', { phase: 'ready', service_url: 'https://spawner.example.com/ada-dev/' });
    await eventually(() => seen.length === 5);
    expect(seen.map((e) => e.phase)).toEqual([
      'queued',
      'creating',
      'starting',
      'waiting',
      'ready',
    ]);
    expect(b.current(7, 'dev')).toBeUndefined();
    expect(a.current(7, 'dev')).toBeUndefined();
  });

  it('ignores a message it cannot read', async () => {
    const on = hub();
    const sender = new LocalCluster(on);
    clusters.push(sender);
    const b = replicaOn(on);
    const seen: ProgressEvent[] = [];
    b.subscribe(7, 'dev', (e) => seen.push(e));
    await sender.publish('progress', { userId: 7, type: 'dev', event: { phase: 'exploded' } });
    await sender.publish('progress', { userId: 7, type: 'dev', event: { phase: 'creating' } });
    await eventually(() => seen.length === 1);
    expect(seen).toEqual([{ phase: 'creating' }]);
  });

  it('forgets the launch of a replica that fell silent, not that of one still repeating it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const on = hub();
    const a = replicaOn(on);
    const dying = replicaOn(on);
    const b = replicaOn(on);
    a.report(7, 'dev', { phase: 'creating' });
    dying.report(8, 'dev', { phase: 'starting' });
    await eventually(() => b.current(8, 'dev') !== undefined && b.current(7, 'dev') !== undefined);
    dying.close();
    for (let i = 0; i < 8; i++) {
      vi.advanceTimersByTime(5_000);
      await new Promise<void>((resolve) => queueMicrotask(resolve));
    }
    expect(b.current(7, 'dev')).toEqual({ phase: 'creating' });
    expect(b.current(8, 'dev')).toBeUndefined();
  });
});

describe('a progress message between replicas', () => {
  it("fits a failure's log lines within the message limit, keeping the last lines", () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} ✗`).join('\n');
    const message = {
      userId: 7,
      type: 'dev',
      event: {
        phase: 'failed' as const,
        error: 'app_exited' as const,
        message: 'It stopped.',
        logs: lines,
      },
    };
    const fit = fitted(message);
    expect(Buffer.byteLength(JSON.stringify(fit))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const logs = fit.event.phase === 'failed' ? fit.event.logs : '';
    expect(logs.endsWith('line 1999 ✗')).toBe(true);
    expect(logs.startsWith('line ')).toBe(true);
    expect(fitted({ ...message, event: { ...message.event, logs: 'short' } })).toEqual({
      ...message,
      event: { ...message.event, logs: 'short' },
    });
  });
});
