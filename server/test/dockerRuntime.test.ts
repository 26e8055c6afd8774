import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DockerRuntime } from '../src/runtime/docker.js';
import { runtimeContract } from '../src/runtime/runtime.contract.js';
import { docker, ECHO_IMAGE } from './helpers/docker.js';

runtimeContract('docker', () =>
  Promise.resolve({
    runtime: new DockerRuntime(process.env.DOCKER_HOST),
    image: ECHO_IMAGE,
    startupLine: 'echo listening on 8080',
    // A socket path nobody listens on: the engine is "away" without touching any address.
    unreachable: () => new DockerRuntime('unix:///nonexistent/spawner-engine.sock'),
    close: () => Promise.resolve(),
  }),
);

describe('DockerRuntime.volumeSizes', () => {
  it("measures spawner's volumes only, not the engine's other ones", async () => {
    const runtime = new DockerRuntime(process.env.DOCKER_HOST);
    const name = `spawner-test-foreign-${randomBytes(3).toString('hex')}`;
    await docker.createVolume({ Name: name });
    try {
      expect((await runtime.volumeSizes()).has(name)).toBe(false);
    } finally {
      await docker.getVolume(name).remove();
    }
  });
});
