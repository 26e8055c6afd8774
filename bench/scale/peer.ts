import { processTree, sumOf, type CpuProbe } from '../proxy/cpu.js';
import { freePort, startChild, waitForPort, type Cleanup } from '../proxy/support.js';
import { startSetups, type Setup } from './setups.js';

/**
 * The peer: a server of a few lines on node:http that answers each request with its URL and
 * headers as JSON, and does nothing else. Run as one process and as two behind the same nginx
 * as spawner's replicas, it shows what splitting the same load over two Node processes costs by
 * itself on this machine: the floor under spawner's own two ÷ one.
 */
const PEER_SERVER = `
require('node:http')
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ url: req.url, headers: req.headers }));
  })
  .listen(Number(process.env.PEER_PORT), '127.0.0.1');
`;

export interface Peer {
  /** nginx's port with one peer process upstream, and with both (round robin). */
  entry: Record<Setup, number>;
  /** CPU of both peer processes. */
  cpu: CpuProbe;
  /** Each process straight, for the warm-up. */
  urls: string[];
}

export async function startPeer(
  cleanup: Cleanup,
  opts: { dir: string; cpus: string | undefined },
): Promise<Peer> {
  const ports = [await freePort(), await freePort()];
  const children = ports.map((port, i) =>
    startChild(cleanup, `peer-${i + 1}`, process.execPath, ['-e', PEER_SERVER], {
      cpus: opts.cpus,
      env: { ...process.env, PEER_PORT: String(port) },
    }),
  );
  for (const port of ports) await waitForPort(port);
  return {
    entry: await startSetups(cleanup, { dir: opts.dir, ports, cpus: opts.cpus, name: 'peer' }),
    cpu: sumOf(children.map((child) => processTree(child.pid!))),
    urls: ports.map((port) => `http://127.0.0.1:${port}`),
  };
}
