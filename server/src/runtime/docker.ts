import Docker from 'dockerode';
import { EngineUnavailableError, ImageMissingError, RuntimeError } from '../errors.js';
import { LABELS, OURS } from '../containers/identity.js';
import { followLines } from './dockerLogs.js';
import {
  ContainerNameTakenError,
  type ContainerEvent,
  type ContainerInfo,
  type ContainerSpec,
  type ContainerState,
  type Runtime,
  type VolumeInfo,
} from './runtime.js';

const LOOPBACK = '127.0.0.1';

/**
 * spawner's own bridges. Inter-container traffic is off on both, so one user's container cannot
 * reach another's. Their interfaces on the host have fixed names starting with `spawner-`, which
 * deploy/firewall.sh matches to keep containers away from the host and the link-local range.
 */
export const SPAWNER_NETWORKS = {
  /** Where containers go when no network is configured; reached through a port on loopback. */
  isolated: { name: 'spawner-isolated', bridge: 'spawner-iso', internal: false },
  /** For templates with `network: none`: no route out; spawner reaches the app by its address. */
  internal: { name: 'spawner-internal', bridge: 'spawner-int', internal: true },
} as const;
type SpawnerNetwork = (typeof SPAWNER_NETWORKS)[keyof typeof SPAWNER_NETWORKS];

/** /tmp and /run of a read-only container: in memory (counted in its memory limit), bounded. */
const TMPFS_OPTIONS = 'rw,nosuid,nodev,size=64m,mode=1777';

const BRIDGE_NAME_OPTION = 'com.docker.network.bridge.name';

/** The Runtime on a Docker engine, through dockerode. */
/** How often, and how far apart, a volume measurement is tried while the engine is busy with one. */
const DISK_USAGE_ATTEMPTS = 40;
const DISK_USAGE_RETRY_MS = 250;

export class DockerRuntime implements Runtime {
  private readonly docker: Docker;
  private readonly networks = new Map<string, Promise<void>>();

  constructor(dockerHost: string | undefined) {
    this.docker = new Docker(dockerConnectionOptions(dockerHost));
  }

  async create(spec: ContainerSpec): Promise<string> {
    const portKey = `${spec.port}/tcp`;
    const { security } = spec;
    // Without internet it is reached by its address on the internal network, as on a configured one.
    const network = security.internet ? spec.network : SPAWNER_NETWORKS.internal.name;
    if (!security.internet) await this.ensureNetwork(SPAWNER_NETWORKS.internal);
    else if (!network) await this.ensureNetwork(SPAWNER_NETWORKS.isolated);
    for (const mount of spec.mounts) await this.ensureVolume(mount.volume, mount.labels);
    try {
      const container = await this.docker.createContainer({
        name: spec.name,
        Image: spec.image,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        Labels: {
          ...spec.labels,
          ...OURS,
          [LABELS.port]: String(spec.port),
          ...(network ? { [LABELS.network]: network } : {}),
        },
        ExposedPorts: { [portKey]: {} },
        HostConfig: {
          Memory: spec.memoryBytes,
          // Equal to Memory: no swap on top of it.
          MemorySwap: spec.memoryBytes,
          NanoCpus: Math.round(spec.cpus * 1e9),
          // Not the nproc ulimit: that counts per host user, shared by every user's container.
          PidsLimit: security.pidsLimit,
          SecurityOpt: ['no-new-privileges'],
          CapDrop: ['ALL'],
          CapAdd: security.capabilities,
          ReadonlyRootfs: security.readOnlyRootFilesystem,
          Tmpfs: Object.fromEntries(security.tmpfs.map((path) => [path, TMPFS_OPTIONS])),
          Ulimits: [{ Name: 'nofile', Soft: security.maxOpenFiles, Hard: security.maxOpenFiles }],
          Mounts: spec.mounts.map((m) => ({ Type: 'volume', Source: m.volume, Target: m.target })),
          RestartPolicy: { Name: 'unless-stopped' },
          ...(network
            ? { NetworkMode: network }
            : {
                NetworkMode: SPAWNER_NETWORKS.isolated.name,
                PortBindings: { [portKey]: [{ HostIp: LOOPBACK, HostPort: '' }] },
              }),
        },
      });
      return container.id;
    } catch (err) {
      if (statusOf(err) === 409) throw new ContainerNameTakenError(spec.name);
      // 404 also answers a missing network: only "No such image" means the image.
      if (statusOf(err) === 404 && /no such image/i.test(detailOf(err))) {
        throw new ImageMissingError(spec.image);
      }
      throw engineError(err, 'create the container');
    }
  }

  /** Creates a named volume unless it exists (then its labels stay as they were). */
  private async ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    try {
      await this.docker.createVolume({ Name: name, Labels: { ...labels, ...OURS } });
    } catch (err) {
      throw engineError(err, `create the volume ${name}`);
    }
  }

  /** Creates one of spawner's bridges once; a concurrent or earlier creation is fine. */
  private ensureNetwork(network: SpawnerNetwork): Promise<void> {
    let ready = this.networks.get(network.name);
    if (!ready) {
      ready = this.createNetwork(network).catch((err: unknown) => {
        this.networks.delete(network.name);
        throw engineError(err, 'create the network for user containers');
      });
      this.networks.set(network.name, ready);
    }
    return ready;
  }

  private async createNetwork(network: SpawnerNetwork): Promise<void> {
    const existing = (await this.docker.listNetworks({ filters: { name: [network.name] } })).find(
      (n) => n.Name === network.name,
    );
    if (existing) {
      if (existing.Options?.[BRIDGE_NAME_OPTION] === network.bridge) return;
      // Made before its interface had a fixed name, so the firewall rules miss it: made again
      // while no container (running or not) is attached; otherwise `firewall.sh check` says so.
      const attached = await this.docker.listContainers({
        all: true,
        filters: { network: [network.name] },
      });
      if (attached.length > 0) return;
      await this.docker.getNetwork(existing.Id).remove();
    }
    try {
      await this.docker.createNetwork({
        Name: network.name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Internal: network.internal,
        Labels: { ...OURS },
        Options: {
          'com.docker.network.bridge.enable_icc': 'false',
          [BRIDGE_NAME_OPTION]: network.bridge,
        },
      });
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
  }

  async start(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (statusOf(err) === 304) return; // already running
      throw engineError(err, 'start the container');
    }
  }

  async stop(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: 10 });
    } catch (err) {
      if (statusOf(err) === 304 || statusOf(err) === 404) return;
      throw engineError(err, 'stop the container');
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw engineError(err, 'remove the container');
    }
  }

  async inspect(idOrName: string): Promise<ContainerInfo | undefined> {
    let data: Docker.ContainerInspectInfo;
    try {
      data = await this.docker.getContainer(idOrName).inspect();
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw engineError(err, 'inspect the container');
    }
    const labels = data.Config.Labels ?? {};
    const info = toContainerInfo({
      id: data.Id,
      rawName: data.Name,
      state: stateOf(data.State.Status, data.State.Health?.Status),
      labels,
      imageId: data.Image,
      networkAddress: (network) => data.NetworkSettings.Networks[network]?.IPAddress,
      publishedPort: (port) =>
        Number(data.NetworkSettings.Ports[`${port}/tcp`]?.[0]?.HostPort) || undefined,
    });
    // A created container's ExitCode is 0 without it ever having run: only exits count.
    const exited = ['exited', 'restarting', 'dead'].includes(data.State.Status);
    return exited ? { ...info, exitCode: data.State.ExitCode } : info;
  }

  async list(filter: { userId?: number } = {}): Promise<ContainerInfo[]> {
    const labels: Record<string, string> = { ...OURS };
    if (filter.userId !== undefined) labels[LABELS.userId] = String(filter.userId);
    let entries: Docker.ContainerInfo[];
    try {
      entries = await this.docker.listContainers({
        all: true,
        filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
      });
    } catch (err) {
      throw engineError(err, 'list containers');
    }
    return entries.map((c) =>
      toContainerInfo({
        id: c.Id,
        rawName: c.Names[0] ?? '',
        state: stateOf(c.State, undefined),
        labels: c.Labels,
        imageId: c.ImageID,
        networkAddress: (network) => c.NetworkSettings?.Networks?.[network]?.IPAddress,
        publishedPort: (port) =>
          c.Ports.find((p) => p.PrivatePort === port && p.PublicPort)?.PublicPort,
      }),
    );
  }

  async watch(
    onEvent: (event: ContainerEvent) => void,
    onError: (err: Error) => void,
  ): Promise<() => void> {
    let stream: NodeJS.ReadableStream & { destroy(): void };
    try {
      stream = (await this.docker.getEvents({
        filters: { type: ['container'], label: [`${LABELS.managed}=true`] },
      })) as NodeJS.ReadableStream & { destroy(): void };
    } catch (err) {
      throw engineError(err, 'follow the container engine');
    }
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) onEvent(parseEvent(line));
      }
    });
    let stopped = false;
    stream.on('error', (err: Error) => {
      if (!stopped) onError(err);
    });
    stream.on('end', () => {
      if (!stopped) onError(new Error('the engine closed the event stream'));
    });
    return () => {
      stopped = true;
      stream.destroy();
    };
  }

  async logs(id: string, tail: number): Promise<string> {
    try {
      const raw = await this.docker
        .getContainer(id)
        .logs({ stdout: true, stderr: true, tail, follow: false });
      return demultiplex(raw);
    } catch (err) {
      throw engineError(err, 'read the container logs');
    }
  }

  async followLogs(
    id: string,
    onLine: (line: string) => void,
    onEnd: () => void,
  ): Promise<() => void> {
    try {
      const stream = await this.docker.getContainer(id).logs({
        stdout: true,
        stderr: true,
        follow: true,
        tail: 0,
      });
      return followLines(this.docker, stream, onLine, onEnd);
    } catch (err) {
      throw engineError(err, 'follow the container logs');
    }
  }

  async archive(id: string, path: string): Promise<NodeJS.ReadableStream> {
    try {
      return await this.docker.getContainer(id).getArchive({ path });
    } catch (err) {
      throw engineError(err, `read ${path} from the container`);
    }
  }

  async imageId(reference: string): Promise<string | undefined> {
    try {
      return (await this.docker.getImage(reference).inspect()).Id;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw engineError(err, `inspect the image ${reference}`);
    }
  }

  async listVolumes(): Promise<VolumeInfo[]> {
    try {
      const { Volumes } = await this.docker.listVolumes({
        filters: { label: [`${LABELS.managed}=true`] },
      });
      return (Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
    } catch (err) {
      throw engineError(err, 'list volumes');
    }
  }

  async volumeSizes(): Promise<Map<string, number>> {
    let usage: VolumeUsage | undefined;
    // The engine measures for one caller at a time and refuses the others ("a disk usage
    // operation is already running"): another spawner or tool on the engine may be measuring.
    for (let attempt = 1; !usage; attempt++) {
      try {
        usage = await this.diskUsageOfVolumes();
      } catch (err) {
        const busy = /disk usage operation is already running/i.test(String(err));
        if (!busy || attempt >= DISK_USAGE_ATTEMPTS) throw engineError(err, 'measure the volumes');
        await new Promise((resolve) => setTimeout(resolve, DISK_USAGE_RETRY_MS));
      }
    }
    const sizes = new Map<string, number>();
    for (const volume of usage.Volumes ?? []) {
      const size = volume.UsageData?.Size;
      // -1: the engine cannot tell (a driver that does not report sizes).
      if (volume.Labels?.[LABELS.managed] === 'true' && size !== undefined && size >= 0) {
        sizes.set(volume.Name, size);
      }
    }
    return sizes;
  }

  /**
   * `GET /system/df?type=volume`: dockerode's df() sends no query, so it is dialled here. Engines
   * before API 1.42 ignore `type` and measure everything; the answer has the volumes either way.
   */
  private diskUsageOfVolumes(): Promise<VolumeUsage> {
    return new Promise<VolumeUsage>((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: '/system/df?',
          method: 'GET',
          options: { type: 'volume' },
          statusCodes: { 200: true, 500: 'server error' },
        },
        (err, data) => {
          if (err) reject(err);
          else resolve(data ?? {});
        },
      );
    });
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw engineError(err, `remove the volume ${name}`);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (err) {
      throw engineError(err, 'reach the container engine');
    }
  }
}

/**
 * Docker frames non-TTY logs: 8-byte headers (stream, 0, 0, 0, size as uint32 BE) before each
 * chunk. Returns the text without the headers.
 */
export function demultiplex(raw: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= raw.length) {
    const size = raw.readUInt32BE(at + 4);
    parts.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The part of `GET /system/df` spawner reads. */
interface VolumeUsage {
  Volumes?: Docker.VolumeInspectInfo[] | null;
}

/** What inspect and list both know of a container, in the shape each gives it. */
interface EngineContainer {
  id: string;
  /** Docker's name, with its leading slash. */
  rawName: string;
  state: ContainerState;
  labels: Record<string, string>;
  imageId: string;
  networkAddress(network: string): string | undefined;
  publishedPort(port: number): number | undefined;
}

/** Where the app answers: by address on spawner's network, else on its port published on loopback. */
function toContainerInfo(c: EngineContainer): ContainerInfo {
  const name = c.rawName.replace(/^\//, '');
  const port = Number(c.labels[LABELS.port]);
  const network = c.labels[LABELS.network];
  let endpoint: ContainerInfo['endpoint'];
  if (c.state === 'running' && port) {
    if (network) {
      endpoint = { host: c.networkAddress(network) || name, port };
    } else {
      const hostPort = c.publishedPort(port);
      if (hostPort) endpoint = { host: LOOPBACK, port: hostPort };
    }
  }
  return { id: c.id, name, state: c.state, labels: c.labels, imageId: c.imageId, endpoint };
}

/** dockerode's connection options for a DOCKER_HOST value (unset: the local socket). */
export function dockerConnectionOptions(dockerHost: string | undefined): Docker.DockerOptions {
  if (!dockerHost) return { socketPath: '/var/run/docker.sock' };
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return {
    host: url.hostname,
    port: Number(url.port) || (protocol === 'https' ? 2376 : 2375),
    protocol,
  };
}

function stateOf(status: string, health: string | undefined): ContainerState {
  switch (status) {
    case 'running':
      return health === 'starting' ? 'starting' : 'running';
    case 'created':
    case 'exited':
    case 'paused':
      return 'stopped';
    case 'restarting':
      return 'error'; // it exited and the restart policy is bringing it back: a crash loop
    default:
      return status === 'dead' ? 'error' : 'stopped';
  }
}

const KNOWN_ACTIONS = new Set(['start', 'stop', 'die', 'destroy', 'create']);

function parseEvent(line: string): ContainerEvent {
  const raw = JSON.parse(line) as {
    id?: string;
    Action?: string;
    Actor?: { ID?: string; Attributes?: Record<string, string> };
  };
  const action = raw.Action ?? '';
  return {
    id: raw.Actor?.ID ?? raw.id ?? '',
    action: KNOWN_ACTIONS.has(action)
      ? (action as ContainerEvent['action'])
      : action.startsWith('health_status')
        ? 'health'
        : 'other',
    labels: raw.Actor?.Attributes ?? {},
  };
}

export function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err
    ? Number(err.statusCode)
    : undefined;
}

/** The engine's own sentence for a failure, else the error's. */
function detailOf(err: unknown): string {
  return err instanceof Error
    ? ((err as Error & { json?: { message?: string } }).json?.message ?? err.message)
    : String(err);
}

/** Socket errors that mean nobody answers at the engine's address. */
const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EHOSTUNREACH', 'ETIMEDOUT']);

/** Wraps an engine failure in a RuntimeError with a sentence a person can act on. */
export function engineError(err: unknown, action: string): RuntimeError {
  const detail = detailOf(err);
  if (UNREACHABLE.has((err as { code?: string }).code ?? '')) {
    return new EngineUnavailableError(
      `Could not ${action}: the container engine is not reachable (${detail}).`,
    );
  }
  return new RuntimeError(`Could not ${action}: ${detail}`);
}
