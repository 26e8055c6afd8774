import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Config } from '../../server/src/config.js';
import { removeContainers, removeVolumes, spawnerContainersOf } from '../lib/engineCleanup.js';
import { temporaryDatabase } from '../lib/postgres.js';
import { signIn } from '../lib/signIn.js';
import { startSpawnerProcess, type SpawnerProcess } from '../lib/spawnerProcess.js';
import { processTree, sumOf } from '../proxy/cpu.js';
import type { Cleanup } from '../proxy/support.js';
import { measure, type LoadResult, type LoadSettings } from '../proxy/wrk.js';
import type { Peer } from './peer.js';
import { SETUPS, startSetups, type Setup } from './setups.js';

/** spawner's proxy and list, and the peer (bench/scale/peer.ts): node:http doing nothing else. */
export const ENDPOINTS = ['proxy', 'list', 'peer'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];
/** As fast as the replicas answer, and at a steady rate below that (bench/proxy/paced.lua). */
export const LOADS = ['full', 'paced'] as const;
export type Load = (typeof LOADS)[number];
export type ReplicaRound = Record<Setup, Record<Endpoint, Record<Load, LoadResult>>>;

export interface Replicas {
  spawners: SpawnerProcess[];
  /** nginx's port per setup. */
  entry: Record<Setup, number>;
  paths: Record<SpawnerEndpoint, string>;
  headers: Record<string, string>;
}
type SpawnerEndpoint = Exclude<Endpoint, 'peer'>;

/**
 * Two spawner processes on one PostgreSQL database of their own, behind two nginx (one sends to
 * replica 1 only, one to both in turn), one signed-in user whose `dev` container (`image`) runs.
 * Without `postgresUrl`, the control: the same two processes on one SQLite file, each with its
 * in-process cluster, so they share nothing but the file (fine for reading sessions and lists,
 * not for running a platform). Everything is undone at cleanup: processes, the user's container
 * and volume, the database.
 */
export async function startReplicas(
  cleanup: Cleanup,
  opts: {
    dir: string;
    docker: Docker;
    dockerHost: string;
    postgresUrl: string | undefined;
    image: string;
    cpus: string | undefined;
  },
): Promise<Replicas> {
  const runId = randomBytes(3).toString('hex');
  const slugPrefix = `scale-${runId}-`;
  const database: Config['database'] = opts.postgresUrl
    ? {
        kind: 'postgres',
        url: await temporaryDatabase(cleanup, opts.postgresUrl, `spawner_scale_${runId}`),
      }
    : { kind: 'sqlite', path: join(opts.dir, 'replicas.db') };
  cleanup.add("remove the replicas' container", async () => {
    await removeContainers(opts.docker, await spawnerContainersOf(opts.docker, slugPrefix), 4);
    await removeVolumes(opts.docker, (v) => v.Name.startsWith(`user-${slugPrefix}`));
  });
  const env = {
    DATABASE_URL: database.kind === 'postgres' ? database.url : database.path,
    DOCKER_HOST: opts.dockerHost,
    USER_TEMPLATE_IMAGE_DEV: opts.image,
    IDLE_TIMEOUT_MINUTES: '0',
    TRUST_PROXY: 'loopback',
    PUBLIC_URL: 'http://127.0.0.1',
  };
  // One after the other: the first brings the schema up to date, the second finds it so.
  const spawners = [
    await startSpawnerProcess(cleanup, 'replica-1', env, { cpus: opts.cpus }),
    await startSpawnerProcess(cleanup, 'replica-2', env, { cpus: opts.cpus }),
  ];
  const entry = await startSetups(cleanup, {
    dir: opts.dir,
    ports: spawners.map((s) => s.port),
    cpus: opts.cpus,
    name: 'replicas',
  });
  const [token] = await signIn(database, [`${slugPrefix}0@example.com`]);
  const headers = { authorization: `Bearer ${token}` };
  const launch = await fetch(`http://127.0.0.1:${entry['one replica']}/api/container/launch/dev`, {
    method: 'POST',
    headers,
  });
  const launched = (await launch.json()) as { container_id?: string; message?: string };
  if (launch.status !== 200) throw new Error(`launch dev: ${launch.status} ${launched.message}`);
  if (opts.cpus) {
    await opts.docker.getContainer(launched.container_id!).update({ CpusetCpus: opts.cpus });
  }
  const replicas: Replicas = {
    spawners,
    entry,
    paths: { proxy: `/${slugPrefix}0-dev/hello`, list: '/api/user/containers' },
    headers,
  };
  await checkAnswers(replicas);
  return replicas;
}

/**
 * Through each nginx, four times (so both replicas answer through the round robin one): the app
 * answers `/hello` through the proxy, and the list shows the `dev` container running. Replica 2
 * knows the container only from the engine's events, as any replica that did not launch it.
 */
async function checkAnswers(replicas: Replicas): Promise<void> {
  for (const setup of SETUPS) {
    const base = `http://127.0.0.1:${replicas.entry[setup]}`;
    for (let i = 0; i < 4; i++) {
      const app = await fetch(base + replicas.paths.proxy, { headers: replicas.headers });
      const echo = (await app.json().catch(() => ({}))) as { url?: string };
      if (app.status !== 200 || echo.url !== '/hello') {
        throw new Error(`${setup}: the app answered ${app.status} for ${String(echo.url)}`);
      }
      const list = await fetch(base + replicas.paths.list, { headers: replicas.headers });
      const body = (await list.json()) as { containers?: Array<{ type: string; status: string }> };
      const dev = body.containers?.find((c) => c.type === 'dev');
      if (list.status !== 200 || dev?.status !== 'running') {
        throw new Error(`${setup}: the list answered ${list.status}, dev ${dev?.status}`);
      }
    }
  }
}

/**
 * Rounds of both setups for each endpoint and load, the two setups measured back to back (their
 * order swapped every round) so that what else the machine does weighs on both alike. CPU per
 * request is that of both spawner processes together (the idle one included in "one replica"),
 * for the peer that of both peer processes.
 * At full load each process is busy and answers many requests per turn of its event loop: the
 * regime that decides how many requests a CPU serves. Paced, a few requests arrive at a time and
 * each turn's fixed cost is shared by fewer of them, the fewer when two processes split them.
 */
export async function replicaRounds(
  replicas: Replicas,
  peer: Peer,
  settings: Record<Load, LoadSettings>,
  count: number,
): Promise<ReplicaRound[]> {
  const spawnerCpu = sumOf(replicas.spawners.map((s) => processTree(s.pid)));
  const target = (endpoint: Endpoint, setup: Setup) =>
    endpoint === 'peer'
      ? { url: `http://127.0.0.1:${peer.entry[setup]}/hello`, cpu: peer.cpu }
      : {
          url: `http://127.0.0.1:${replicas.entry[setup]}${replicas.paths[endpoint]}`,
          cpu: spawnerCpu,
        };
  // Each process straight on its own port first, as long as one round gives it: the second gets
  // traffic in one setup only, and must not be measured while its code is still being compiled.
  const warm = { ...settings.full, warmupSeconds: 0, seconds: settings.full.seconds * 2 };
  for (const spawner of replicas.spawners) {
    for (const path of Object.values(replicas.paths)) await measure(spawner.url + path, warm);
  }
  for (const url of peer.urls) await measure(`${url}/hello`, warm);
  const rounds: ReplicaRound[] = [];
  for (let i = 1; i <= count; i++) {
    const round = {
      'one replica': { proxy: {}, list: {}, peer: {} },
      'two replicas': { proxy: {}, list: {}, peer: {} },
    } as ReplicaRound;
    for (const endpoint of ENDPOINTS) {
      for (const load of LOADS) {
        const order = i % 2 ? SETUPS : [...SETUPS].reverse();
        for (const setup of order) {
          const { url, cpu } = target(endpoint, setup);
          const r = await measure(url, settings[load], cpu);
          round[setup][endpoint][load] = r;
          console.log(
            `round ${i} ${endpoint.padEnd(5)} ${load.padEnd(5)} ${setup.padEnd(12)} ` +
              `${r.requestsPerSecond.toFixed(0).padStart(6)} req/s  p99 ${r.p99Ms.toFixed(1).padStart(6)} ms  ` +
              `CPU ${r.cpuUsPerRequest!.toFixed(0)} µs/req`,
          );
        }
      }
    }
    rounds.push(round);
  }
  return rounds;
}
