import type { Endpoint } from '../containers/identity.js';

/**
 * What the container service needs from a container engine: Docker today, Swarm later. Every
 * implementation passes the same contract suite (`runtimeContract.ts`); `FakeRuntime` is the
 * in-memory one unit tests run on. Only spawner's own objects (labelled `spawner.managed=true`)
 * are ever listed, watched or reported.
 */
export interface Runtime {
  /** Creates (does not start) a container; throws ContainerNameTakenError when the name is in use. */
  create(spec: ContainerSpec): Promise<string>;
  start(id: string): Promise<void>;
  /** Stops the container; one already stopped or gone is not an error. */
  stop(id: string): Promise<void>;
  /** Removes the container, forced; one already gone is not an error. Its volumes stay. */
  remove(id: string): Promise<void>;
  /** The container's state, or undefined when the engine has no such container. */
  inspect(idOrName: string): Promise<ContainerInfo | undefined>;
  /** Every container of ours, running or not; only one user's with `userId`. */
  list(filter?: { userId?: number }): Promise<ContainerInfo[]>;
  /**
   * Follows lifecycle events of our containers. `onError` is called once when the stream breaks
   * (the engine went away); the caller re-lists and watches again. Returns a function that stops it.
   */
  watch(
    onEvent: (event: ContainerEvent) => void,
    onError: (err: Error) => void,
  ): Promise<() => void>;
  /** The last `tail` lines the container wrote (stdout and stderr together). */
  logs(id: string, tail: number): Promise<string>;
  /** Calls `onLine` for each new line the container writes until the returned function is called. */
  followLogs(id: string, onLine: (line: string) => void, onEnd: () => void): Promise<() => void>;
  /** A tar stream of a folder in the container (running or not), e.g. its data volume. */
  archive(id: string, path: string): Promise<NodeJS.ReadableStream>;
  /** The id of the image a reference names now (it changes when a tag is rebuilt), or undefined. */
  imageId(reference: string): Promise<string | undefined>;
  /** Our volumes. */
  listVolumes(): Promise<VolumeInfo[]>;
  /**
   * Bytes in each of our volumes, by name, as the engine measures them; a volume whose size the
   * engine cannot tell is left out. Measuring walks every volume, which is slow on a busy engine:
   * for a periodic job, never per request.
   */
  volumeSizes(): Promise<Map<string, number>>;
  /** Removes a volume; one already gone is not an error. Fails while a container uses it. */
  removeVolume(name: string): Promise<void>;
  ping(): Promise<void>;
}

export interface ContainerSpec {
  name: string;
  image: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  /** The port the app listens on inside the container. */
  port: number;
  memoryBytes: number;
  cpus: number;
  /** A network to join; without one the container joins an isolated bridge and its port is published on loopback. */
  network: string | undefined;
  /** Named volumes, created with their labels when missing; they outlive the container. */
  mounts: VolumeMount[];
  security: SecurityOptions;
}

export interface VolumeMount {
  volume: string;
  /** Absolute path inside the container. */
  target: string;
  labels: Record<string, string>;
}

/** How a container is confined; every app behind spawner may be hostile. */
export interface SecurityOptions {
  /** Linux capabilities the app keeps; all others are dropped. */
  capabilities: string[];
  readOnlyRootFilesystem: boolean;
  /** Writable in-memory mounts (e.g. /tmp), needed when the root filesystem is read-only. */
  tmpfs: string[];
  pidsLimit: number;
  /** Open files per process. */
  maxOpenFiles: number;
  /**
   * Whether the app may open connections to the internet. Without, it joins an internal network:
   * spawner still reaches it there, it reaches nothing.
   */
  internet: boolean;
}

export type ContainerState = 'running' | 'stopped' | 'starting' | 'error';

export interface ContainerInfo {
  id: string;
  name: string;
  state: ContainerState;
  labels: Record<string, string>;
  /** The id of the image it was created from. */
  imageId: string;
  /** Where the app answers, as seen from spawner, when running. */
  endpoint: Endpoint | undefined;
  /** How the app last ended, once it has run and exited (inspect knows it; list may not). */
  exitCode?: number;
}

export interface ContainerEvent {
  id: string;
  action: 'create' | 'start' | 'stop' | 'die' | 'destroy' | 'health' | 'other';
  labels: Record<string, string>;
}

export interface VolumeInfo {
  name: string;
  labels: Record<string, string>;
}

export class ContainerNameTakenError extends Error {}

/** The confinement a template gets when it asks for nothing else (see templateSecurity). */
export const DEFAULT_SECURITY: SecurityOptions = {
  capabilities: [],
  readOnlyRootFilesystem: true,
  tmpfs: ['/tmp', '/run'],
  pidsLimit: 512,
  maxOpenFiles: 4096,
  internet: true,
};
