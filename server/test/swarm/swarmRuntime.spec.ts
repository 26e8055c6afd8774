import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { LABELS } from '../../src/containers/identity.js';
import { DEFAULT_SECURITY } from '../../src/runtime/runtime.js';
import { runtimeContract } from '../../src/runtime/runtime.contract.js';
import { SwarmRuntime } from '../../src/runtime/swarm.js';
import { docker, ECHO_IMAGE } from '../helpers/docker.js';

/** The runtime contract on a one-node swarm; run by scripts/test-swarm.sh on the overlay network. */
runtimeContract('swarm', () =>
  Promise.resolve({
    runtime: new SwarmRuntime(process.env.DOCKER_HOST, undefined),
    image: ECHO_IMAGE,
    startupLine: 'echo listening on 8080',
    // A socket path nobody listens on: the engine is "away" without touching any address.
    unreachable: () => new SwarmRuntime('unix:///nonexistent/spawner-engine.sock', undefined),
    close: () => Promise.resolve(),
  }),
);

describe('SwarmRuntime services', () => {
  it('confine the app as the docker runtime does, where the Swarm API can say it', async () => {
    const runtime = new SwarmRuntime(process.env.DOCKER_HOST, undefined);
    const userId = 800_000 + Math.floor(Math.random() * 90_000);
    const volume = `user-swarmspec-a-${userId}-data`;
    const id = await runtime.create({
      name: `user-swarmspec-a-${userId}`,
      image: ECHO_IMAGE,
      env: { PORT: '8080' },
      labels: { [LABELS.managed]: 'true', [LABELS.userId]: String(userId) },
      port: 8080,
      memoryBytes: 64 * 1024 ** 2,
      cpus: 0.5,
      network: undefined,
      mounts: [{ volume, target: '/data', labels: {} }],
      security: { ...DEFAULT_SECURITY, capabilities: ['NET_BIND_SERVICE'] },
    });
    try {
      const service = (await docker.getService(id).inspect()) as Docker.Service;
      const task = service.Spec!.TaskTemplate as Docker.ContainerTaskSpec;
      expect(service.Spec!.Mode).toEqual({ Replicated: { Replicas: 0 } });
      expect(service.Spec!.EndpointSpec?.Mode).toBe('dnsrr');
      expect(service.Spec!.Labels).toMatchObject({
        [LABELS.userId]: String(userId),
        [LABELS.network]: 'spawner-apps',
        'traefik.swarm.network': 'spawner-apps',
      });
      expect(task.ContainerSpec).toMatchObject({
        ReadOnly: true,
        CapabilityDrop: ['ALL'],
        CapabilityAdd: ['NET_BIND_SERVICE'],
        Ulimits: [{ Name: 'nofile', Soft: 4096, Hard: 4096 }],
      });
      expect(task.ContainerSpec!.Mounts!.map((m) => [m.Type, m.Target])).toEqual([
        ['volume', '/data'],
        ['tmpfs', '/tmp'],
        ['tmpfs', '/run'],
      ]);
      expect(task.Resources?.Limits).toEqual({
        MemoryBytes: 64 * 1024 ** 2,
        NanoCPUs: 5e8,
        Pids: DEFAULT_SECURITY.pidsLimit,
      });
      expect(task.Resources?.Reservations?.MemoryBytes).toBeGreaterThan(0);
      expect(task.RestartPolicy?.Condition).toBe('any');
      // Its data volume is on this node: the service may run nowhere else.
      const { Name: node } = (await docker.info()) as { Name: string };
      expect(task.Placement?.Constraints).toEqual([`node.hostname==${node}`]);
    } finally {
      await runtime.remove(id);
      await runtime.removeVolume(volume);
    }
  });
});
