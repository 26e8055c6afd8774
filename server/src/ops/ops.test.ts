import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { FakeRuntime } from '../runtime/fakeRuntime.js';
import { MemoryLaunchQueue } from '../containers/launchQueue.js';
import { MeasuredLaunchQueue } from './measuredLaunchQueue.js';
import { Metrics, statusClass } from './metrics.js';
import { eventually } from '../testing/eventually.js';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { ConfigError, loadConfig } from '../config.js';
import { isEngineFailure } from './engineErrors.js';
import {
  ImageMissingError,
  NotFoundError,
  RuntimeError,
  EngineUnavailableError,
} from '../errors.js';
import { ContainerNameTakenError } from '../runtime/runtime.js';

let platform: FakePlatform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

async function metricValue(p: FakePlatform, name: string, labels: Record<string, string> = {}) {
  const metric = await p.metrics.registry.getSingleMetric(name)?.get();
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return metric?.values.find((v) => JSON.stringify(Object.entries(v.labels).sort()) === wanted)
    ?.value;
}

describe('readiness on the in-memory engine', () => {
  it('is ready while the engine is away, saying so, and counts the engine’s failures', async () => {
    platform = await startFakePlatform();
    const p = platform;
    const before = await p.http.inject({ method: 'GET', url: '/readyz' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ status: 'ready', store: 'ok', engine: 'connected' });
    const errorsBefore = (await metricValue(p, 'spawner_engine_errors_total')) ?? 0;

    p.runtime.setReachable(false);
    await eventually(() => !p.index.reachable);
    const during = await p.http.inject({ method: 'GET', url: '/readyz' });
    expect(during.statusCode).toBe(200);
    expect(during.json()).toEqual({ status: 'ready', store: 'ok', engine: 'unavailable' });
    await eventually(
      async () => ((await metricValue(p, 'spawner_engine_errors_total')) ?? 0) > errorsBefore,
    );

    p.runtime.setReachable(true);
    await eventually(() => p.index.reachable, 10_000);
    const after = await p.http.inject({ method: 'GET', url: '/readyz' });
    expect(after.json()).toMatchObject({ engine: 'connected' });
  });

  it('is not ready once the store is closed', async () => {
    platform = await startFakePlatform();
    await platform.db.destroy();
    const res = await platform.http.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not_ready', store: 'unavailable', engine: 'connected' });
    // The process itself is up all the same.
    expect((await platform.http.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('launch metrics', () => {
  it('time each launch by template and outcome', async () => {
    platform = await startFakePlatform({ prod: { app: 'crashes' } });
    await platform.containers.launch(platform.owner, 'dev');
    await expect(platform.containers.launch(platform.owner, 'prod')).rejects.toThrow();
    const metric = await platform.metrics.launchDuration.get();
    const counts = metric.values
      .filter((v) => v.metricName === 'spawner_launch_duration_seconds_count')
      .map((v) => ({ ...v.labels, count: v.value }));
    expect(counts).toEqual([
      { template: 'dev', outcome: 'ok', count: 1 },
      { template: 'prod', outcome: 'app_exited', count: 1 },
    ]);
  });

  it('count running containers by template at scrape time', async () => {
    platform = await startFakePlatform();
    await platform.containers.launch(platform.owner, 'dev');
    expect(await metricValue(platform, 'spawner_running_containers', { template: 'dev' })).toBe(1);
    await platform.containers.stop(platform.owner, 'dev');
    await eventually(() => platform!.index.running().length === 0);
    expect(await metricValue(platform, 'spawner_running_containers', { template: 'dev' })).toBe(
      undefined,
    );
  });
});

describe('graceful close', () => {
  it('lets a launch in flight finish before the store closes', async () => {
    platform = await startFakePlatform();
    const p = platform;
    const launch = p.containers.launch(p.owner, 'dev');
    const closed = p.close();
    expect((await launch).serviceUrl).toContain('/ada-dev');
    await closed;
    platform = undefined;
  });
});

describe('closing twice', () => {
  it('waits for the one shutdown: nothing is closed twice, nothing complains', async () => {
    const complaints: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => complaints.push(line) });
    const runtime = new FakeRuntime();
    const config = loadConfig({
      DATABASE_URL: ':memory:',
      PUBLIC_URL: 'https://spawner.example.com',
    });
    const app = await createApp(config, log, runtime);
    complaints.length = 0; // what start-up said (open sign-up) is not the point here
    await Promise.all([app.close(), app.close()]);
    await app.close(); // a caller's cleanup after a signal's shutdown
    await runtime.close();
    expect(complaints).toEqual([]);
  });
});

describe('what counts as an engine failure', () => {
  it.each([
    [new EngineUnavailableError('gone'), true],
    [new RuntimeError('refused'), true],
    [new Error('socket hang up'), true],
    [new ImageMissingError('x:latest'), false],
    [new ContainerNameTakenError('taken'), false],
    [new NotFoundError('no such thing'), false],
  ])('%s → %s', (err, counted) => {
    expect(isEngineFailure(err)).toBe(counted);
  });
});

describe('status classes', () => {
  it.each([
    [200, '2xx'],
    [302, '3xx'],
    [404, '4xx'],
    [503, '5xx'],
    [0, 'other'],
  ])('%i → %s', (status, label) => {
    expect(statusClass(status)).toBe(label);
  });
});

describe('the Grafana dashboard (deploy/grafana-dashboard.json)', () => {
  it('asks only for metrics spawner has', async () => {
    const file = new URL('../../../deploy/grafana-dashboard.json', import.meta.url);
    const asked = new Set(
      [...readFileSync(file, 'utf8').matchAll(/\bspawner_[a-z0-9_]+/g)].map(([name]) =>
        name.replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    const families = (await new Metrics().registry.getMetricsAsJSON()).map((m) => m.name);
    expect(asked.size).toBeGreaterThan(10);
    for (const name of asked) expect(families, name).toContain(name);
  });
});

describe('the measured launch queue', () => {
  it('reports its length at each scrape and times every turn', async () => {
    const metrics = new Metrics();
    const queue = new MeasuredLaunchQueue(new MemoryLaunchQueue(1), metrics);
    const length = async () => (await metrics.queueLength.get()).values[0]?.value;
    const waits = async () =>
      (await metrics.queueWait.get()).values.find(
        (v) => v.metricName === 'spawner_launch_queue_wait_seconds_count',
      )?.value;

    const first = await queue.acquire(() => undefined);
    const positions: number[] = [];
    const second = queue.acquire((position) => positions.push(position));
    expect(await length()).toBe(1);
    expect(positions).toEqual([1]);
    expect(await waits()).toBe(1);

    first();
    (await second)();
    expect(await length()).toBe(0);
    expect(await waits()).toBe(2);
  });
});

describe('metrics settings', () => {
  it('are off by default, and refuse a short token or the main port', () => {
    expect(loadConfig({}).ops).toEqual({
      metricsToken: undefined,
      metricsPort: undefined,
      shutdownTimeoutSeconds: 30,
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ PORT: '9000', METRICS_PORT: '9000' })).toThrow(ConfigError);
    expect(loadConfig({ METRICS_PORT: '9464', SHUTDOWN_TIMEOUT_SECONDS: '5' }).ops).toEqual({
      metricsToken: undefined,
      metricsPort: 9464,
      shutdownTimeoutSeconds: 5,
    });
  });
});
