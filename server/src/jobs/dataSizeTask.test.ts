import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { volumeName } from '../containers/identity.js';
import { DEFAULT_SECURITY } from '../runtime/runtime.js';
import { silentLog, startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { DataSizeTask } from './dataSizeTask.js';

let p: FakePlatform;
afterEach(() => p.close());

const folder = mkdtempSync(join(tmpdir(), 'spawner-data-size-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const entry = async (type: string) => (await p.list.of(p.owner)).find((c) => c.type === type)!;

/** Launches a container and has its app write `bytes` bytes to /data. */
async function writeData(type: string, bytes: number): Promise<void> {
  const { containerId } = await p.containers.launch(p.owner, type);
  const endpoint = (await p.runtime.inspect(containerId))!.endpoint!;
  const put = await fetch(`http://${endpoint.host}:${endpoint.port}/files/notes`, {
    method: 'PUT',
    body: 'n'.repeat(bytes),
  });
  expect(put.status).toBe(204);
}

describe('the data size task on the fake runtime', () => {
  it('shows the data size in the list after a refresh, while the container is recorded', async () => {
    p = await startFakePlatform();
    const task = new DataSizeTask(p.dataSizes, silentLog);
    expect(await entry('dev')).toMatchObject({ status: 'not_created', data_size_bytes: null });

    await writeData('dev', 12_345);
    expect((await entry('dev')).data_size_bytes).toBeNull(); // not measured yet
    await task.runOnce();
    expect(await entry('dev')).toMatchObject({ status: 'running', data_size_bytes: 12_345 });
    expect((await entry('prod')).data_size_bytes).toBeNull();

    // Deleted: no old size meanwhile, though the measurement is only renewed at the next run.
    await p.containers.remove(p.owner, 'dev', { data: true });
    expect(await entry('dev')).toMatchObject({ status: 'not_created', data_size_bytes: null });
  });

  it('measures the engine only in the task; the list asks it nothing', async () => {
    p = await startFakePlatform();
    await writeData('dev', 10);
    p.runtime.calls.clear();
    await new DataSizeTask(p.dataSizes, silentLog).runOnce();
    expect([...p.runtime.calls]).toEqual([['volumeSizes', 1]]);
    p.runtime.calls.clear();
    expect((await entry('dev')).data_size_bytes).toBe(10);
    expect(p.runtime.calls.size).toBe(0);
  });

  it('keeps the last sizes when the engine cannot be reached', async () => {
    p = await startFakePlatform();
    await writeData('dev', 42);
    const task = new DataSizeTask(p.dataSizes, silentLog);
    await task.runOnce();
    p.runtime.setReachable(false);
    await task.runOnce();
    p.runtime.setReachable(true);
    expect(p.dataSizes.of(volumeName(p.owner, 'dev'))).toBe(42);
  });

  it('shows null for a template that keeps no data, though a volume of its name is there', async () => {
    const templates = join(folder, 'templates.json');
    writeFileSync(
      templates,
      JSON.stringify([
        { key: 'dev', image: 'dev', display_name: 'Dev', data_path: '/data' },
        { key: 'prod', image: 'prod', display_name: 'Prod' },
      ]),
    );
    p = await startFakePlatform({}, { TEMPLATES_FILE: templates });
    // Left from when the template kept data.
    const volume = volumeName(p.owner, 'prod');
    const earlier = await p.runtime.create({
      name: 'earlier-prod',
      image: 'prod',
      env: {},
      labels: {},
      port: 8080,
      memoryBytes: 64 * 1024 ** 2,
      cpus: 1,
      network: undefined,
      mounts: [{ volume, target: '/data', labels: {} }],
      security: DEFAULT_SECURITY,
    });
    await p.runtime.remove(earlier);
    await p.containers.launch(p.owner, 'prod');
    await new DataSizeTask(p.dataSizes, silentLog).runOnce();
    expect(p.dataSizes.of(volume)).toBe(0);
    expect(await entry('prod')).toMatchObject({ status: 'running', data_size_bytes: null });
  });
});
