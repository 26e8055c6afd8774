/** What the container service needs from a container engine. Docker today; Swarm later. */
export interface Runtime {
  /** Creates (does not start) a container; throws ContainerNameTakenError when the name is in use. */
  create(spec: ContainerSpec): Promise<string>;
  start(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  /** Removes the container, forced; a container already gone is not an error. */
  remove(id: string): Promise<void>;
  /** The container's state, or undefined when the engine has no such container. */
  inspect(idOrName: string): Promise<ContainerInfo | undefined>;
  /** Every container (running or not) carrying all the given labels. */
  list(labels: Record<string, string>): Promise<ContainerInfo[]>;
  /** Follows lifecycle events of containers carrying the label; returns a function that stops it. */
  watch(
    label: string,
    onEvent: (event: ContainerEvent) => void,
    onError: (err: Error) => void,
  ): Promise<() => void>;
  /** The last lines the container wrote (stdout and stderr), for error reports. */
  logs(id: string, lines: number): Promise<string>;
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
  /** A Docker network to join; without one the port is published on 127.0.0.1. */
  network: string | undefined;
}

export type ContainerState = 'running' | 'stopped' | 'starting' | 'error';

export interface ContainerInfo {
  id: string;
  name: string;
  state: ContainerState;
  labels: Record<string, string>;
  /** Where the app answers, as seen from spawner, when running. */
  endpoint: { host: string; port: number } | undefined;
}

export interface ContainerEvent {
  id: string;
  action: 'start' | 'stop' | 'die' | 'destroy' | 'create' | 'other';
  labels: Record<string, string>;
}

export class ContainerNameTakenError extends Error {}
