import type Docker from 'dockerode';
import { SwarmRuntime } from '../../src/runtime/swarm.js';
import type { ContainerState } from '../../src/runtime/runtime.js';
import { docker, removeContainersOf } from './docker.js';

/**
 * The runtime the integration tests run spawner on: `docker` (default), or `swarm` when
 * RUNTIME=swarm (scripts/test-swarm.sh, in a container on the swarm's overlay network).
 */
export const TEST_RUNTIME: 'docker' | 'swarm' =
  process.env.RUNTIME === 'swarm' ? 'swarm' : 'docker';

const swarm = new SwarmRuntime(process.env.DOCKER_HOST, undefined);

/** A user's app as the engine holds it: a container, or on Swarm a service. */
export interface EngineApp {
  id: string;
  state: ContainerState;
  labels: Record<string, string>;
}

/** The apps whose labels hold all of these (e.g. a user's slug and a template). */
export async function appsLabelled(labels: Record<string, string>): Promise<EngineApp[]> {
  const matches = (own: Record<string, string>) =>
    Object.entries(labels).every(([k, v]) => own[k] === v);
  if (TEST_RUNTIME === 'swarm') return (await swarm.list()).filter((s) => matches(s.labels));
  const containers = await docker.listContainers({
    all: true,
    filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
  });
  return containers.map((c) => ({
    id: c.Id,
    state: c.State === 'running' ? 'running' : 'stopped',
    labels: c.Labels,
  }));
}

/** How the engine was told to run an app, in the same words on both runtimes. */
export async function appConfig(id: string): Promise<{
  name: string;
  env: string[];
  labels: Record<string, string>;
  memory: number | undefined;
  nanoCpus: number | undefined;
  restart: string | undefined;
  /** The host addresses its ports are published on. */
  publishedOn: string[];
}> {
  if (TEST_RUNTIME === 'swarm') {
    const service = (await docker.getService(id).inspect()) as Docker.Service;
    const task = service.Spec?.TaskTemplate as Docker.ContainerTaskSpec;
    return {
      name: service.Spec?.Name ?? '',
      env: task.ContainerSpec?.Env ?? [],
      labels: service.Spec?.Labels ?? {},
      memory: task.Resources?.Limits?.MemoryBytes,
      nanoCpus: task.Resources?.Limits?.NanoCPUs,
      restart: task.RestartPolicy?.Condition,
      publishedOn: (service.Endpoint?.Ports ?? []).map(() => '0.0.0.0'),
    };
  }
  const info = await docker.getContainer(id).inspect();
  const bindings = (info.HostConfig.PortBindings ?? {}) as Record<
    string,
    Array<{ HostIp: string }>
  >;
  return {
    name: info.Name.replace(/^\//, ''),
    env: info.Config.Env,
    labels: info.Config.Labels,
    memory: info.HostConfig.Memory,
    nanoCpus: info.HostConfig.NanoCpus,
    restart: info.HostConfig.RestartPolicy?.Name,
    publishedOn: Object.values(bindings).flatMap((b) => b.map((x) => x.HostIp)),
  };
}

/** Stops an app behind spawner's back, as an operator or a crash would. */
export async function stopByHand(id: string): Promise<void> {
  if (TEST_RUNTIME === 'swarm') await swarm.stop(id);
  else await docker.getContainer(id).stop({ t: 1 });
}

/** Removes an app behind spawner's back. */
export async function removeByHand(id: string): Promise<void> {
  if (TEST_RUNTIME === 'swarm') await swarm.remove(id);
  else await docker.getContainer(id).remove({ force: true });
}

/** The engine's container that runs the app now (on Swarm: its running task's). */
export async function runningContainer(id: string): Promise<Docker.Container> {
  if (TEST_RUNTIME === 'docker') return docker.getContainer(id);
  const [task] = await docker.listContainers({
    filters: { label: [`com.docker.swarm.service.id=${id}`], status: ['running'] },
  });
  if (!task) throw new Error(`service ${id} has no running task`);
  return docker.getContainer(task.Id);
}

/** Whether the app runs, and how it last ended. */
export async function appState(id: string): Promise<{ running: boolean; exitCode?: number }> {
  if (TEST_RUNTIME === 'swarm') {
    const info = await swarm.inspect(id);
    return { running: info?.state === 'running', exitCode: info?.exitCode };
  }
  const { State } = await docker.getContainer(id).inspect();
  // Restarting counts as running: the restart policy brings it back.
  return { running: State.Running || State.Restarting, exitCode: State.ExitCode };
}

/** Removes the apps of the tag's users (their slugs start with it), then their data volumes. */
export async function removeAppsOf(tag: string): Promise<void> {
  if (TEST_RUNTIME === 'swarm') {
    for (const service of await swarm.list()) {
      if (service.labels['spawner.slug']?.startsWith(tag)) await swarm.remove(service.id);
    }
  }
  await removeContainersOf(tag);
}
