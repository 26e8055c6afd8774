import Docker from 'dockerode';
import { ImageMissingError, RuntimeError } from '../errors.js';
import { LABELS, OURS } from '../containers/identity.js';
import {
  DockerRuntime,
  demultiplex,
  dockerConnectionOptions,
  engineError,
  statusOf,
} from './docker.js';
import { followLines } from './dockerLogs.js';
import {
  ContainerNameTakenError,
  type ContainerEvent,
  type ContainerInfo,
  type ContainerSpec,
  type Runtime,
  type VolumeInfo,
} from './runtime.js';
import { serviceSpec } from './swarm/serviceSpec.js';
import {
  newestTask,
  serviceInfo,
  tasksByService,
  taskEnded,
  type SwarmTask,
} from './swarm/serviceState.js';
import { ServiceWatch } from './swarm/serviceWatch.js';
import { SwarmNetworks } from './swarm/networks.js';
import { untilTrue } from './swarm/untilTrue.js';

/** The label Swarm puts on a task's container: the service it belongs to. */
const SERVICE_ID_LABEL = 'com.docker.swarm.service.id';
/** And the task it runs. */
const TASK_ID_LABEL = 'com.docker.swarm.task.id';

/** A scale or a removal is waited for this long before it counts as failed. */
const SETTLE_MS = 30_000;

/**
 * The Runtime on Docker Swarm: each user container is a service with one replica, stopped and
 * started by scaling it to 0 and 1. spawner talks to a manager node's engine; volumes are that
 * node's (services with data are pinned to it), so volume calls go to it as on the docker runtime.
 * Endpoints are task addresses on an overlay network, reachable only from that network: spawner
 * runs on it (docs/swarm.md).
 */
export class SwarmRuntime implements Runtime {
  private readonly docker: Docker;
  /** The engine spawner talks to, for what is node-local: images, volumes, their sizes. */
  private readonly local: DockerRuntime;
  private readonly networks: SwarmNetworks;
  private nodeName: Promise<string> | undefined;

  constructor(dockerHost: string | undefined, network: string | undefined) {
    this.docker = new Docker(dockerConnectionOptions(dockerHost));
    this.local = new DockerRuntime(dockerHost);
    this.networks = new SwarmNetworks(this.docker, network);
  }

  async create(spec: ContainerSpec): Promise<string> {
    // The task's node would reject it much later ("No such image"): say so now, like docker.
    const imageId = await this.local.imageId(spec.image);
    if (!imageId) throw new ImageMissingError(spec.image);
    const network = await this.networks.ensure(spec.security.internet, spec.network);
    for (const mount of spec.mounts) await this.ensureVolume(mount.volume, mount.labels);
    const node = spec.mounts.length > 0 ? await this.localNode() : undefined;
    try {
      const created = await this.docker.createService(
        serviceSpec(spec, { network, node, imageId }),
      );
      return created.id;
    } catch (err) {
      if (statusOf(err) === 409) throw new ContainerNameTakenError(spec.name);
      throw engineError(err, 'create the service');
    }
  }

  /** Creates a named volume on this node unless it exists (then its labels stay as they were). */
  private async ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    try {
      await this.docker.createVolume({ Name: name, Labels: { ...labels, ...OURS } });
    } catch (err) {
      throw engineError(err, `create the volume ${name}`);
    }
  }

  /** The hostname of the node whose engine spawner talks to: where the volumes are. */
  private localNode(): Promise<string> {
    this.nodeName ??= this.docker.info().then(
      (info: { Name: string }) => info.Name,
      (err: unknown) => {
        this.nodeName = undefined;
        throw engineError(err, 'read the node name');
      },
    );
    return this.nodeName;
  }

  start(id: string): Promise<void> {
    return this.scale(id, 1);
  }

  /** Scales to 0 and waits until the task has stopped, as `docker stop` does. */
  async stop(id: string): Promise<void> {
    const service = await this.service(id);
    if (!service) return;
    await this.scale(service.ID, 0);
    const stopped = await untilTrue(async () => {
      const tasks = await this.tasks(service.ID);
      return tasks.every(taskEnded);
    }, SETTLE_MS);
    if (!stopped) throw new RuntimeError(`Could not stop the service ${service.Spec?.Name}.`);
  }

  /** Sets the replicas; an update that races another is read again and retried. */
  private async scale(id: string, replicas: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const service = await this.service(id);
      if (!service) {
        if (replicas === 0) return; // gone: stopped enough
        throw new RuntimeError(`Could not start the service ${id}: it does not exist.`);
      }
      const spec = service.Spec ?? {};
      if (spec.Mode?.Replicated?.Replicas === replicas) return;
      try {
        await this.docker.getService(service.ID).update({
          _query: { version: service.Version?.Index },
          _body: { ...spec, Mode: { Replicated: { Replicas: replicas } } },
        });
        return;
      } catch (err) {
        if (attempt < 5 && /out of sequence/i.test(String(err))) continue;
        throw engineError(err, replicas ? 'start the service' : 'stop the service');
      }
    }
  }

  /**
   * Removes the service and waits until its containers here are gone (they hold its volumes).
   * First waits while the engine is still deleting tasks of a scale to 0: removing a service
   * then can crash Docker 20.10's swarm manager (a nil task in SetServiceTasksRemove).
   */
  async remove(id: string): Promise<void> {
    const service = await this.service(id);
    if (!service) return;
    await untilTrue(
      async () => (await this.tasks(service.ID)).every((t) => t.DesiredState !== 'remove'),
      SETTLE_MS,
    );
    try {
      await this.docker.getService(service.ID).remove();
    } catch (err) {
      if (statusOf(err) !== 404) throw engineError(err, 'remove the service');
    }
    await untilTrue(async () => (await this.containersOf(service.ID)).length === 0, SETTLE_MS);
  }

  async inspect(idOrName: string): Promise<ContainerInfo | undefined> {
    const service = await this.service(idOrName);
    if (!service) return undefined;
    const tasks = await this.tasks(service.ID);
    const info = serviceInfo(service, tasks, await this.newestRunsHere(service, tasks));
    // Scaled to 0, the engine forgets the tasks; their stopped containers here keep the exit code.
    // Only then: a service on its way up (polled while a launch waits) has its ended tasks listed.
    if (info.state !== 'stopped' || info.exitCode !== undefined) return info;
    const exited = (await this.containersOf(service.ID)).find((c) => c.State === 'exited');
    if (!exited) return info;
    try {
      const { State } = await this.docker.getContainer(exited.Id).inspect();
      return { ...info, exitCode: State.ExitCode };
    } catch (err) {
      if (statusOf(err) === 404) return info; // removed meanwhile
      throw engineError(err, 'inspect the stopped task');
    }
  }

  /**
   * Whether this node's engine runs the container of the service's newest task while the manager
   * still thinks it on its way: the node reports task states in batches, a tenth of a second or
   * more after the start, and a launch waits on the running state. Asked only then, and only
   * here: data services are pinned to this node; others may run elsewhere and wait for the report.
   */
  private async newestRunsHere(service: Docker.Service, tasks: SwarmTask[]): Promise<boolean> {
    const task = newestTask(tasks);
    const replicas = service.Spec?.Mode?.Replicated?.Replicas ?? 0;
    if (!task || replicas === 0 || task.Status.State === 'running' || taskEnded(task)) return false;
    try {
      const containers = await this.docker.listContainers({
        filters: { label: [`${TASK_ID_LABEL}=${task.ID}`], status: ['running'] },
      });
      return containers.length > 0;
    } catch (err) {
      throw engineError(err, 'list the containers of the task');
    }
  }

  async list(filter: { userId?: number } = {}): Promise<ContainerInfo[]> {
    const labels: Record<string, string> = { ...OURS };
    if (filter.userId !== undefined) labels[LABELS.userId] = String(filter.userId);
    try {
      const services = await this.docker.listServices({
        filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
      });
      const tasks = tasksByService((await this.docker.listTasks()) as SwarmTask[]);
      return services.map((s) => serviceInfo(s, tasks.get(s.ID) ?? []));
    } catch (err) {
      throw engineError(err, 'list services');
    }
  }

  async watch(
    onEvent: (event: ContainerEvent) => void,
    onError: (err: Error) => void,
  ): Promise<() => void> {
    const watch = new ServiceWatch(this.docker, onEvent, onError);
    try {
      await watch.start();
    } catch (err) {
      watch.stop();
      throw engineError(err, 'follow the container engine');
    }
    return () => watch.stop();
  }

  async logs(id: string, tail: number): Promise<string> {
    try {
      const raw = (await this.docker
        .getService(id)
        .logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
      return demultiplex(raw);
    } catch (err) {
      throw engineError(err, 'read the service logs');
    }
  }

  async followLogs(
    id: string,
    onLine: (line: string) => void,
    onEnd: () => void,
  ): Promise<() => void> {
    try {
      const stream = await this.docker
        .getService(id)
        .logs({ stdout: true, stderr: true, follow: true, tail: 0 });
      return followLines(this.docker, stream, onLine, onEnd);
    } catch (err) {
      throw engineError(err, 'follow the service logs');
    }
  }

  /**
   * Read through a container made for it from the service's image and volumes, never started
   * and removed once read: a stopped service has no container of its own to read from.
   */
  async archive(id: string, path: string): Promise<NodeJS.ReadableStream> {
    const service = await this.service(id);
    const containerSpec =
      service?.Spec?.TaskTemplate && 'ContainerSpec' in service.Spec.TaskTemplate
        ? service.Spec.TaskTemplate.ContainerSpec
        : undefined;
    if (!containerSpec?.Image) throw new RuntimeError(`Could not read ${path}: no service ${id}.`);
    let reader: Docker.Container | undefined;
    try {
      reader = await this.docker.createContainer({
        Image: containerSpec.Image,
        NetworkDisabled: true,
        HostConfig: {
          NetworkMode: 'none',
          Mounts: (containerSpec.Mounts ?? []).filter((m) => m.Type === 'volume'),
        },
      });
      const stream = await reader.getArchive({ path });
      const done = () => void reader?.remove({ force: true }).catch(() => undefined);
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', done);
      return stream;
    } catch (err) {
      await reader?.remove({ force: true }).catch(() => undefined);
      throw engineError(err, `read ${path} from the service`);
    }
  }

  imageId(reference: string): Promise<string | undefined> {
    return this.local.imageId(reference);
  }

  listVolumes(): Promise<VolumeInfo[]> {
    return this.local.listVolumes();
  }

  volumeSizes(): Promise<Map<string, number>> {
    return this.local.volumeSizes();
  }

  /** A stopped service has no container holding the volume, so the engine would let it go. */
  async removeVolume(name: string): Promise<void> {
    const services = await this.docker
      .listServices({ filters: { label: [`${LABELS.managed}=true`] } })
      .catch((err: unknown) => {
        throw engineError(err, 'list services');
      });
    const user = services.find((s) => {
      const task = s.Spec?.TaskTemplate;
      const mounts = task && 'ContainerSpec' in task ? (task.ContainerSpec?.Mounts ?? []) : [];
      return mounts.some((m) => m.Source === name);
    });
    if (user) {
      throw new RuntimeError(
        `Could not remove the volume ${name}: the service ${user.Spec?.Name} uses it.`,
      );
    }
    await this.local.removeVolume(name);
  }

  ping(): Promise<void> {
    return this.local.ping();
  }

  private async service(idOrName: string): Promise<Docker.Service | undefined> {
    try {
      return (await this.docker.getService(idOrName).inspect()) as Docker.Service;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw engineError(err, 'inspect the service');
    }
  }

  private async tasks(serviceId: string): Promise<SwarmTask[]> {
    try {
      return (await this.docker.listTasks({ filters: { service: [serviceId] } })) as SwarmTask[];
    } catch (err) {
      throw engineError(err, 'list the tasks of the service');
    }
  }

  /** The service's task containers on this node, newest first. */
  private async containersOf(serviceId: string): Promise<Docker.ContainerInfo[]> {
    try {
      const containers = await this.docker.listContainers({
        all: true,
        filters: { label: [`${SERVICE_ID_LABEL}=${serviceId}`] },
      });
      return containers.sort((a, b) => b.Created - a.Created);
    } catch (err) {
      throw engineError(err, 'list the containers of the service');
    }
  }
}
