import { randomBytes } from 'node:crypto';
import { eventually } from '../testing/eventually.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersHttp } from '../containers/readiness.js';
import { LABELS } from '../containers/identity.js';
import { EngineUnavailableError, ImageMissingError, RuntimeError } from '../errors.js';
import {
  ContainerNameTakenError,
  DEFAULT_SECURITY,
  type ContainerEvent,
  type ContainerSpec,
  type Runtime,
} from './runtime.js';

/** Engines take a moment to report: ten seconds for each step. */
const waitFor = (check: () => boolean | Promise<boolean>) => eventually(check, 10_000);

export interface RuntimeUnderTest {
  runtime: Runtime;
  /**
   * An image whose app answers HTTP on port 8080, logs a line when it starts, logs
   * `requested {url}` for `/log` URLs and keeps what is PUT to `/files/{name}` in `/data/{name}`.
   */
  image: string;
  /** A line the image's app logs at start. */
  startupLine: string;
  /** The same kind of runtime, pointed at an engine that does not answer. */
  unreachable(): Runtime;
  close(): Promise<void>;
}

/**
 * The behaviour every Runtime must have, run against each implementation (the in-memory fake in
 * the unit suite, Docker in the integration suite), so tests written on the fake hold on the
 * real engine.
 */
export function runtimeContract(name: string, setup: () => Promise<RuntimeUnderTest>): void {
  describe(`Runtime contract: ${name}`, () => {
    let t: RuntimeUnderTest;
    let runtime: Runtime;
    const tag = `rc${randomBytes(3).toString('hex')}`;
    const userId = 900_000 + Math.floor(Math.random() * 90_000);
    const made: string[] = [];
    const volumes: string[] = [];

    const spec = (suffix: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
      name: `user-${tag}-${suffix}-${userId}`,
      image: t.image,
      env: { PORT: '8080' },
      labels: {
        [LABELS.managed]: 'true',
        [LABELS.userId]: String(userId),
        [LABELS.template]: suffix,
      },
      port: 8080,
      memoryBytes: 64 * 1024 ** 2,
      cpus: 0.5,
      network: undefined,
      mounts: [],
      security: DEFAULT_SECURITY,
      ...extra,
    });
    const create = async (s: ContainerSpec) => {
      const id = await runtime.create(s);
      made.push(id);
      return id;
    };

    beforeAll(async () => {
      t = await setup();
      runtime = t.runtime;
    });
    afterAll(async () => {
      for (const id of made) await runtime.remove(id);
      for (const v of volumes) await runtime.removeVolume(v);
      await t.close();
    });

    it('creates a stopped container that inspect and list report with its labels and image', async () => {
      const id = await create(spec('a'));
      const info = await runtime.inspect(id);
      expect(info).toMatchObject({
        id,
        name: spec('a').name,
        state: 'stopped',
        endpoint: undefined,
      });
      expect(info?.exitCode).toBeUndefined(); // never ran, so never exited
      expect(info!.labels).toMatchObject({
        [LABELS.userId]: String(userId),
        [LABELS.managed]: 'true',
      });
      expect(info!.imageId).toBe(await runtime.imageId(t.image));
      expect((await runtime.inspect(spec('a').name))?.id).toBe(id);
      expect((await runtime.list({ userId })).map((c) => c.id)).toContain(id);
      expect((await runtime.list({ userId: userId + 1 })).map((c) => c.id)).not.toContain(id);
      expect((await runtime.list()).map((c) => c.id)).toContain(id);
    });

    it('refuses a second container of the same name', async () => {
      await expect(runtime.create(spec('a'))).rejects.toBeInstanceOf(ContainerNameTakenError);
    });

    it('fails with image_missing for an image the engine does not have', async () => {
      const image = `spawner-missing-${tag}:latest`;
      const failure = runtime.create(spec('b', { image }));
      await expect(failure).rejects.toBeInstanceOf(ImageMissingError);
      await expect(failure).rejects.toMatchObject({ code: 'image_missing', image });
      expect(await runtime.imageId(image)).toBeUndefined();
      expect(await runtime.inspect(spec('b').name)).toBeUndefined();
    });

    it('fails with engine_unavailable when the engine does not answer', async () => {
      const away = t.unreachable();
      await expect((async () => away.ping())()).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect((async () => away.create(spec('z')))()).rejects.toMatchObject({
        code: 'engine_unavailable',
      });
    });

    it('starts, reports an endpoint that answers, stops, and tells watchers each step', async () => {
      const events: ContainerEvent[] = [];
      const stop = await runtime.watch(
        (e) => events.push(e),
        () => undefined,
      );
      try {
        const id = await create(spec('c'));
        await runtime.start(id);
        await runtime.start(id); // starting a running container is not an error
        let endpoint = (await runtime.inspect(id))?.endpoint;
        for (let i = 0; i < 100 && !(endpoint && (await answersHttp(endpoint))); i++) {
          await new Promise((r) => setTimeout(r, 100));
          endpoint = (await runtime.inspect(id))?.endpoint;
        }
        expect(endpoint && (await answersHttp(endpoint))).toBe(true);
        expect((await runtime.list({ userId })).find((c) => c.id === id)?.endpoint).toEqual(
          endpoint,
        );

        await runtime.stop(id);
        await runtime.stop(id);
        const stopped = await runtime.inspect(id);
        expect(stopped).toMatchObject({ state: 'stopped', endpoint: undefined });
        expect(stopped?.exitCode).toEqual(expect.any(Number));
        await runtime.remove(id);
        await runtime.remove(id);
        expect(await runtime.inspect(id)).toBeUndefined();

        await waitFor(() => events.some((e) => e.id === id && e.action === 'destroy'));
        const actions = events.filter((e) => e.id === id).map((e) => e.action);
        for (const action of ['create', 'start', 'die', 'destroy'] as const)
          expect(actions).toContain(action);
        expect(events.find((e) => e.id === id)?.labels[LABELS.userId]).toBe(String(userId));
      } finally {
        stop();
      }
    });

    it('gives the last log lines and follows new ones', async () => {
      const id = await create(spec('d'));
      await runtime.start(id);
      await waitFor(async () => (await runtime.logs(id, 10)).includes(t.startupLine));
      const followed: string[] = [];
      let ended = false;
      const stop = await runtime.followLogs(
        id,
        (line) => followed.push(line),
        () => (ended = true),
      );
      const endpoint = (await runtime.inspect(id))!.endpoint!;
      await fetch(`http://${endpoint.host}:${endpoint.port}/log?n=1`);
      await waitFor(() => followed.includes('requested /log?n=1'));
      stop();
      expect(ended).toBe(true);
      await runtime.remove(id);
    });

    it('mounts named volumes that outlive the container, labelled as ours', async () => {
      const volume = `user-${tag}-e-${userId}-data`;
      volumes.push(volume);
      const mounts = [{ volume, target: '/data', labels: { [LABELS.userId]: String(userId) } }];
      const id = await create(spec('e', { mounts }));
      const listed = (await runtime.listVolumes()).find((v) => v.name === volume);
      expect(listed?.labels).toMatchObject({
        [LABELS.managed]: 'true',
        [LABELS.userId]: String(userId),
      });
      await expect(runtime.removeVolume(volume)).rejects.toBeInstanceOf(RuntimeError);
      await runtime.remove(id);
      expect((await runtime.listVolumes()).map((v) => v.name)).toContain(volume);
      await runtime.removeVolume(volume);
      await runtime.removeVolume(volume);
      expect((await runtime.listVolumes()).map((v) => v.name)).not.toContain(volume);
    });

    it('measures a data volume: it grows with what the app writes and outlives the container', async () => {
      const volume = `user-${tag}-g-${userId}-data`;
      volumes.push(volume);
      const mounts = [{ volume, target: '/data', labels: { [LABELS.userId]: String(userId) } }];
      const id = await create(spec('g', { mounts }));
      await runtime.start(id);
      let endpoint = (await runtime.inspect(id))?.endpoint;
      await waitFor(async () => {
        endpoint = (await runtime.inspect(id))?.endpoint;
        return endpoint !== undefined && (await answersHttp(endpoint));
      });
      const before = (await runtime.volumeSizes()).get(volume) ?? 0;
      const written = 256 * 1024;
      const put = await fetch(`http://${endpoint!.host}:${endpoint!.port}/files/big`, {
        method: 'PUT',
        body: 'x'.repeat(written),
      });
      expect(put.status).toBe(204);
      await waitFor(async () => ((await runtime.volumeSizes()).get(volume) ?? 0) >= written);
      expect(before).toBeLessThan(written);

      await runtime.remove(id);
      expect((await runtime.volumeSizes()).get(volume)).toBeGreaterThanOrEqual(written);
    });

    it('gives a folder of a container as a tar archive', async () => {
      // The data volume: the rest of a container's filesystem is read-only.
      const volume = `user-${tag}-f-${userId}-data`;
      volumes.push(volume);
      const mounts = [{ volume, target: '/data', labels: { [LABELS.userId]: String(userId) } }];
      const id = await create(spec('f', { mounts }));
      await runtime.start(id);
      let endpoint = (await runtime.inspect(id))?.endpoint;
      await waitFor(async () => {
        endpoint = (await runtime.inspect(id))?.endpoint;
        return endpoint !== undefined && (await answersHttp(endpoint));
      });
      const put = await fetch(`http://${endpoint!.host}:${endpoint!.port}/files/hello`, {
        method: 'PUT',
        body: 'hello from the app',
      });
      expect(put.status).toBe(204);
      await runtime.stop(id);
      const chunks: Buffer[] = [];
      for await (const chunk of await runtime.archive(id, '/data'))
        chunks.push(Buffer.from(chunk as Buffer));
      const tar = Buffer.concat(chunks);
      expect(tar.length % 512).toBe(0);
      expect(tar.subarray(0, 100).toString()).toMatch(/^data\//);
      expect(tar.toString()).toContain('data/hello');
      expect(tar.toString()).toContain('hello from the app');
      await runtime.remove(id);
    });

    it('answers ping', async () => {
      await expect(runtime.ping()).resolves.toBeUndefined();
    });
  });
}
