import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { LABELS, OURS } from '../containers/identity.js';
import { EngineUnavailableError, ImageMissingError, RuntimeError } from '../errors.js';
import {
  ContainerNameTakenError,
  type ContainerEvent,
  type ContainerInfo,
  type ContainerSpec,
  type Runtime,
  type VolumeInfo,
  type VolumeMount,
} from './runtime.js';

/** How a fake image's app behaves once started. */
export interface FakeImage {
  /** `answers`: serves HTTP on loopback; `silent`: runs but never answers; `crashes`: exits at once. */
  app: 'answers' | 'silent' | 'crashes';
  /** Written to the logs when the app starts. */
  startupLine?: string;
}

interface FakeContainer {
  id: string;
  spec: ContainerSpec;
  imageId: string;
  running: boolean;
  /** How its app last ended; undefined until it has run and exited. */
  exitCode: number | undefined;
  server: Server | undefined;
  logs: string[];
  followers: Set<(line: string) => void>;
  files: Map<string, string>;
}

/**
 * A container engine in memory, for unit tests: same interface, same events, same errors as the
 * Docker runtime (the contract suite proves it). Started apps that "answer" are real HTTP
 * servers on loopback, so readiness checks and the proxy work against them unchanged.
 */
export class FakeRuntime implements Runtime {
  private readonly images = new Map<string, { id: string; image: FakeImage }>();
  private readonly containers = new Map<string, FakeContainer>();
  private readonly volumes = new Map<string, Record<string, string>>();
  /** What the apps wrote to the volume mounted at /data, by path: it outlives the container. */
  private readonly volumeFiles = new Map<string, Map<string, string>>();
  private readonly watchers = new Set<{
    onEvent: (e: ContainerEvent) => void;
    onError: (e: Error) => void;
  }>();
  private reachable = true;
  /** Every call made, by method name: lets tests prove a path made no engine call. */
  readonly calls = new Map<string, number>();

  /** Adds or replaces (a "rebuild": new id) an image under a reference. */
  addImage(reference: string, image: FakeImage = { app: 'answers' }): string {
    const id = `sha256:${randomBytes(32).toString('hex')}`;
    this.images.set(reference, { id, image });
    return id;
  }

  /** Simulates the engine going away (every call fails, watchers break) and coming back. */
  setReachable(reachable: boolean): void {
    this.reachable = reachable;
    if (reachable) return;
    const watchers = [...this.watchers];
    this.watchers.clear();
    for (const w of watchers) w.onError(new Error('the engine closed the event stream'));
  }

  /** The app inside a running container exits on its own, as a crash would. */
  async crash(id: string, exitCode = 1): Promise<void> {
    const c = this.get(id);
    if (!c?.running) return;
    await this.halt(c, exitCode);
    this.emit(c, 'die');
  }

  create(spec: ContainerSpec): Promise<string> {
    this.check('create');
    const image = this.images.get(spec.image);
    if (!image) {
      return Promise.reject(new ImageMissingError(spec.image));
    }
    if ([...this.containers.values()].some((c) => c.spec.name === spec.name)) {
      return Promise.reject(new ContainerNameTakenError(spec.name));
    }
    for (const m of spec.mounts) {
      if (!this.volumes.has(m.volume)) this.volumes.set(m.volume, { ...m.labels, ...OURS });
    }
    const id = randomBytes(32).toString('hex');
    const labels = { ...spec.labels, ...OURS, [LABELS.port]: String(spec.port) };
    const container: FakeContainer = {
      id,
      spec: { ...spec, labels },
      imageId: image.id,
      running: false,
      exitCode: undefined,
      server: undefined,
      logs: [],
      followers: new Set(),
      files: this.filesOf(spec.mounts),
    };
    this.containers.set(id, container);
    this.emit(container, 'create');
    return Promise.resolve(id);
  }

  async start(id: string): Promise<void> {
    this.check('start');
    const c = this.require(id);
    if (c.running) return;
    const image = [...this.images.values()].find((i) => i.id === c.imageId)?.image;
    if (image?.startupLine) this.write(c, image.startupLine);
    c.running = true;
    c.server = await listen(image?.app ?? 'answers', c, (line) => this.write(c, line));
    this.emit(c, 'start');
    if (image?.app === 'crashes') {
      setTimeout(() => void this.crash(id), 10);
    }
  }

  async stop(id: string): Promise<void> {
    this.check('stop');
    const c = this.get(id);
    if (!c?.running) return;
    await this.halt(c);
    this.emit(c, 'die');
    this.emit(c, 'stop');
  }

  async remove(id: string): Promise<void> {
    this.check('remove');
    const c = this.get(id);
    if (!c) return;
    if (c.running) {
      await this.halt(c);
      this.emit(c, 'die');
    }
    this.containers.delete(c.id);
    this.emit(c, 'destroy');
  }

  inspect(idOrName: string): Promise<ContainerInfo | undefined> {
    this.check('inspect');
    const c = this.get(idOrName);
    return Promise.resolve(c && this.info(c));
  }

  list(filter: { userId?: number } = {}): Promise<ContainerInfo[]> {
    this.check('list');
    const all = [...this.containers.values()].map((c) => this.info(c));
    return Promise.resolve(
      filter.userId === undefined
        ? all
        : all.filter((c) => c.labels[LABELS.userId] === String(filter.userId)),
    );
  }

  watch(
    onEvent: (event: ContainerEvent) => void,
    onError: (err: Error) => void,
  ): Promise<() => void> {
    this.check('watch');
    const watcher = { onEvent, onError };
    this.watchers.add(watcher);
    return Promise.resolve(() => {
      this.watchers.delete(watcher);
    });
  }

  logs(id: string, tail: number): Promise<string> {
    this.check('logs');
    const lines = this.require(id).logs.slice(-tail);
    return Promise.resolve(lines.map((l) => `${l}\n`).join(''));
  }

  followLogs(id: string, onLine: (line: string) => void, onEnd: () => void): Promise<() => void> {
    this.check('followLogs');
    const c = this.require(id);
    c.followers.add(onLine);
    return Promise.resolve(() => {
      if (c.followers.delete(onLine)) onEnd();
    });
  }

  /** Writes a line to a container's logs, as its app would. */
  write(c: FakeContainer | string, line: string): void {
    const container = typeof c === 'string' ? this.require(c) : c;
    container.logs.push(line);
    for (const follower of container.followers) follower(line);
  }

  /** Files written with `writeFile`, as a tar stream (the format Docker's archive API gives). */
  archive(id: string, path: string): Promise<NodeJS.ReadableStream> {
    this.check('archive');
    const files = this.require(id).files;
    return Promise.resolve(tarOf(path, files));
  }

  imageId(reference: string): Promise<string | undefined> {
    this.check('imageId');
    return Promise.resolve(this.images.get(reference)?.id);
  }

  listVolumes(): Promise<VolumeInfo[]> {
    this.check('listVolumes');
    return Promise.resolve([...this.volumes].map(([name, labels]) => ({ name, labels })));
  }

  volumeSizes(): Promise<Map<string, number>> {
    this.check('volumeSizes');
    const sizes = new Map<string, number>();
    for (const name of this.volumes.keys()) {
      let bytes = 0;
      for (const content of this.volumeFiles.get(name)?.values() ?? []) {
        bytes += Buffer.byteLength(content);
      }
      sizes.set(name, bytes);
    }
    return Promise.resolve(sizes);
  }

  removeVolume(name: string): Promise<void> {
    this.check('removeVolume');
    const inUse = [...this.containers.values()].some((c) =>
      c.spec.mounts.some((m) => m.volume === name),
    );
    if (inUse) return Promise.reject(new RuntimeError(`The volume ${name} is in use.`));
    this.volumes.delete(name);
    this.volumeFiles.delete(name);
    return Promise.resolve();
  }

  ping(): Promise<void> {
    this.check('ping');
    return Promise.resolve();
  }

  /** Stops every app server; for test teardown. */
  async close(): Promise<void> {
    for (const c of this.containers.values()) if (c.running) await this.halt(c);
  }

  private check(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    if (!this.reachable) {
      throw new EngineUnavailableError(
        'Could not reach the container engine: it is not reachable.',
      );
    }
  }

  /**
   * A new container's files: those of the volume mounted at /data when there is one (the fake's
   * apps write only there), so data outlives the container as on a real engine.
   */
  private filesOf(mounts: VolumeMount[]): Map<string, string> {
    const volume = mounts.find((m) => m.target === '/data')?.volume;
    if (!volume) return new Map();
    let files = this.volumeFiles.get(volume);
    if (!files) this.volumeFiles.set(volume, (files = new Map<string, string>()));
    return files;
  }

  private get(idOrName: string): FakeContainer | undefined {
    return (
      this.containers.get(idOrName) ??
      [...this.containers.values()].find((c) => c.spec.name === idOrName)
    );
  }

  private require(id: string): FakeContainer {
    const c = this.get(id);
    if (!c) throw new RuntimeError(`No such container: ${id.slice(0, 12)}`);
    return c;
  }

  /** Ends the app; 0 as a stop's clean exit, as Docker reports an app that heeds SIGTERM. */
  private async halt(c: FakeContainer, exitCode = 0): Promise<void> {
    c.running = false;
    c.exitCode = exitCode;
    const server = c.server;
    c.server = undefined;
    if (server) {
      server.closeAllConnections(); // a hung app's held requests must not keep it alive
      await new Promise<void>((r) => server.close(() => r()));
    }
    for (const follower of [...c.followers]) c.followers.delete(follower);
  }

  private info(c: FakeContainer): ContainerInfo {
    const address = c.server?.address() as AddressInfo | null | undefined;
    return {
      id: c.id,
      name: c.spec.name,
      state: c.running ? 'running' : 'stopped',
      labels: c.spec.labels,
      imageId: c.imageId,
      endpoint: c.running && address ? { host: '127.0.0.1', port: address.port } : undefined,
      ...(!c.running && c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    };
  }

  private emit(c: FakeContainer, action: ContainerEvent['action']): void {
    const event = { id: c.id, action, labels: c.spec.labels };
    // Engines deliver events asynchronously, after the call that caused them has returned.
    setImmediate(() => {
      for (const w of this.watchers) w.onEvent(event);
    });
  }
}

/** A loopback listener standing in for the app: one that answers, or one that never does. */
function listen(
  app: FakeImage['app'],
  container: FakeContainer,
  log: (line: string) => void,
): Promise<Server> {
  const name = container.spec.name;
  const server = createServer((req, res) => {
    if (app !== 'answers') return; // holds the request open, as a hung app would
    if (req.url?.startsWith('/log')) log(`requested ${req.url}`);
    // /files/{name}, as the test image serves it: kept in /data.
    const file = /^\/files\/([a-z0-9-]+)$/.exec(req.url ?? '')?.[1];
    if (file && req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        container.files.set(`/data/${file}`, Buffer.concat(chunks).toString());
        res.writeHead(204).end();
      });
      return;
    }
    if (file) {
      const content = container.files.get(`/data/${file}`);
      res.writeHead(content === undefined ? 404 : 200).end(content ?? '');
      return;
    }
    const body = JSON.stringify({ container: name, method: req.method, url: req.url });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A minimal ustar archive of the files below `folder` (names relative to its parent, as Docker gives them). */
function tarOf(folder: string, files: Map<string, string>): NodeJS.ReadableStream {
  const base = folder.replace(/\/+$/, '');
  const parent = base.slice(0, base.lastIndexOf('/') + 1);
  const blocks: Buffer[] = [];
  for (const [path, content] of files) {
    if (!path.startsWith(`${base}/`)) continue;
    const body = Buffer.from(content);
    const header = Buffer.alloc(512);
    header.write(path.slice(parent.length), 0, 100);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write('0', 156);
    header.write('ustar\u000000', 257);
    header.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Readable.from([Buffer.concat(blocks)]);
}
