import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import net from 'node:net';
import { once } from 'node:events';

/**
 * Targets for reachability tests that the tests start themselves, so that a probe from a user
 * container never sends a packet anywhere but this machine.
 */
export interface StandIn {
  address: { host: string; port: number };
  close(): Promise<void>;
}

/**
 * Run by node inside a user container as `node -e probeScript host port`: connects, sends an HTTP
 * request, prints `connected: <first line of the answer>`, or `error: <code>` when the connection
 * fails (EHOSTUNREACH for a firewall's reject, ENETUNREACH without a route).
 */
export const probeScript = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
const done = (line) => { console.log(line); process.exit(0); };
const socket = net.connect({ host, port: Number(port) });
socket.setTimeout(5000, () => done('timeout'));
socket.on('connect', () => socket.write('GET / HTTP/1.0\\r\\nHost: probe\\r\\n\\r\\n'));
socket.on('data', (d) => done('connected: ' + d.toString().split(/\\r?\\n/)[0]));
socket.on('error', (e) => done('error: ' + e.code));
socket.on('end', () => done('connected: (closed without a word)'));
`;

/** A server that greets each connection with one line: which stand-in it is. */
const greeter = (greeting: string) =>
  net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write(`${greeting}\n`);
    socket.on('data', () => socket.end());
  });

async function listen(server: net.Server, host: string, port: number): Promise<StandIn> {
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as net.AddressInfo;
  return {
    address: { host, port: address.port },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A greeting listener on one of the host's addresses; a taken port falls back to any free one. */
export async function standIn(greeting: string, host: string, port = 0): Promise<StandIn> {
  try {
    return await listen(greeter(greeting), host, port);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    return listen(greeter(greeting), host, 0);
  }
}

/** Passes connections on one of the host's addresses through to a port on loopback. */
export function relay(host: string, toPort: number): Promise<StandIn> {
  const server = net.createServer((socket) => {
    const upstream = net.connect(toPort, '127.0.0.1');
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  return listen(server, host, 0);
}

const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8', stdio: 'pipe' });

/**
 * A network namespace behind a veth pair, standing in for what lies beyond the host: it holds a
 * link-local address (where a cloud's metadata service would be) and one from 198.18.0.0/15 (set
 * aside for network tests) as "the internet", both on small /30 subnets routed to the veth only,
 * with a greeting listener ("outside") on both.
 */
export class OutsideNamespace {
  private constructor(
    private readonly namespace: string,
    private readonly hostEnd: string,
    private readonly listener: ChildProcess,
    readonly linkLocal: { host: string; port: number },
    readonly internet: { host: string; port: number },
  ) {}

  static async start(tag: string): Promise<OutsideNamespace> {
    const octet = freeOctet();
    const id = randomBytes(3).toString('hex');
    const namespace = `spawner-test-${tag}`;
    // Not named spawner*: the firewall rules must treat it as the outside world.
    const hostEnd = `spt${id}h`;
    const nsEnd = `spt${id}n`;
    const subnets = [`169.254.${octet}`, `198.18.${octet}`];
    try {
      ip('netns', 'add', namespace);
      ip('link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', nsEnd);
      ip('link', 'set', nsEnd, 'netns', namespace);
      for (const subnet of subnets) {
        ip('addr', 'add', `${subnet}.1/30`, 'dev', hostEnd);
        ip('-n', namespace, 'addr', 'add', `${subnet}.2/30`, 'dev', nsEnd);
      }
      ip('link', 'set', hostEnd, 'up');
      ip('-n', namespace, 'link', 'set', nsEnd, 'up');
      ip('-n', namespace, 'link', 'set', 'lo', 'up');
      ip('-n', namespace, 'route', 'add', 'default', 'via', `${subnets[0]}.1`);
    } catch (err) {
      removeNamespace(namespace, hostEnd);
      throw err;
    }
    const listener = spawn(
      'ip',
      [
        'netns',
        'exec',
        namespace,
        process.execPath,
        '-e',
        `require('node:net').createServer((s) => { s.on('error', () => {}); s.write('outside\\n'); s.on('data', () => s.end()); })
          .listen(0, '0.0.0.0', function () { console.log(this.address().port); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [firstLine] = (await once(listener.stdout, 'data')) as [Buffer];
    const port = Number(firstLine.toString().trim());
    return new OutsideNamespace(
      namespace,
      hostEnd,
      listener,
      { host: `${subnets[0]}.2`, port },
      { host: `${subnets[1]}.2`, port },
    );
  }

  async close(): Promise<void> {
    if (this.listener.exitCode === null) {
      this.listener.kill();
      await once(this.listener, 'exit');
    }
    removeNamespace(this.namespace, this.hostEnd);
  }
}

/** A third octet whose 169.254.x.0/30 and 198.18.x.0/30 nothing on this host uses yet. */
function freeOctet(): number {
  for (;;) {
    const octet = randomInt(100, 250);
    // `root`: routes for the subnet itself or anything inside it (not the default route).
    const used = [`169.254.${octet}.0/30`, `198.18.${octet}.0/30`].some(
      (subnet) => ip('-o', '-4', 'route', 'show', 'root', subnet).trim() !== '',
    );
    if (!used) return octet;
  }
}

function removeNamespace(namespace: string, hostEnd: string): void {
  // Deleting the namespace takes its veth end, and with it the pair.
  for (const args of [
    ['netns', 'del', namespace],
    ['link', 'del', hostEnd],
  ]) {
    try {
      ip(...args);
    } catch {
      // already gone
    }
  }
}
