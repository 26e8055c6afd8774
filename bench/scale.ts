/**
 * bench/scale: what a second spawner replica costs and what the swarm runtime costs.
 *
 * 1. Proxy and list through nginx (round robin, keep-alive upstreams) to ONE and to TWO spawner
 *    processes on one PostgreSQL database of their own: req/s at full load, and the CPU both
 *    spawner processes spent per request (/proc/<pid>/stat) at full load and at a steady paced
 *    rate. Goal: at full load, with two, ≤ 1.1× the CPU per request with one. Beside them, in the
 *    same rounds, the peer: a node:http server that only answers, as one process and as two
 *    behind the same nginx, for what splitting a load over two Node processes costs by itself.
 * 2. Launches per second: N people launching at once, RUNTIME=docker against RUNTIME=swarm
 *    (spawner in a container on the overlay network; an engine in no swarm is made a one-node
 *    swarm for the run and leaves it at the end), in rounds: a storm on each, back to back, the
 *    order swapped every round. Goal: the median of the rounds' swarm ÷ docker ≥ 0.8.
 *
 *   DOCKER_HOST=unix:///path/docker.sock TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:55432/postgres \
 *     npm run bench:scale [-- --rounds 5 --seconds 5 --warmup 1 --connections 50 --paced-connections 5 --pace 10
 *                            --launches 20 --launch-rounds 3 --launch-image user-service-template:latest --launch-memory 128m
 *                            --launch-cpus 0.1 --timeout 600 --skip replicas|launches --no-pin
 *                            --sqlite-control]
 *
 * --sqlite-control puts the two replicas on one SQLite file instead, each with its in-process
 * cluster: two processes that share no coordination at all, to tell what PostgreSQL's adds from
 * what two processes splitting the load cost by themselves.
 *
 * Needs wrk, nginx and taskset on PATH, the test image (scripts/build-test-image.sh) and the
 * template images (scripts/build-images.sh). Processes, containers, volumes, the database and the
 * temp directory are removed at the end, also on failure or Ctrl-C.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type Docker from 'dockerode';
import { cpuPinning, engineFromEnv } from './proxy/targets.js';
import { machineLine, runBenchmark, type Cleanup } from './proxy/support.js';
import type { LoadSettings } from './proxy/wrk.js';
import {
  dockerStorms,
  writeLaunchTemplate,
  type LaunchRate,
  type LaunchSettings,
} from './scale/launches.js';
import { startPeer } from './scale/peer.js';
import { replicaRounds, startReplicas } from './scale/replicas.js';
import { ensureSwarm, swarmStorms } from './scale/swarm.js';
import {
  launchGoal,
  launchTable,
  replicaGoals,
  replicaTable,
  type LaunchRound,
} from './scale/report.js';

const ECHO_IMAGE = 'spawner-test-echo:latest';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    'paced-connections': { type: 'string', default: '5' },
    pace: { type: 'string', default: '10' },
    launches: { type: 'string', default: '20' },
    'launch-rounds': { type: 'string', default: '3' },
    'launch-image': { type: 'string', default: 'user-service-template:latest' },
    'launch-memory': { type: 'string', default: '128m' },
    'launch-cpus': { type: 'string', default: '0.1' },
    timeout: { type: 'string', default: '600' },
    skip: { type: 'string', multiple: true, default: [] },
    'no-pin': { type: 'boolean', default: false },
    'sqlite-control': { type: 'boolean', default: false },
  },
});
for (const part of args.skip) {
  if (part !== 'replicas' && part !== 'launches') {
    throw new Error(`--skip: replicas or launches, not ${part}`);
  }
}

const { load: LOAD_CPUS, serve: SERVE_CPUS } = cpuPinning(args['no-pin']);

async function main(cleanup: Cleanup): Promise<void> {
  const { docker, dockerHost } = await engineFromEnv();
  const dir = mkdtempSync(join(tmpdir(), 'spawner-bench-scale-'));
  cleanup.add('remove temp dir', () => rmSync(dir, { recursive: true, force: true }));
  console.log(machineLine());
  const out: string[] = [];

  if (!args.skip.includes('replicas')) {
    const postgresUrl = args['sqlite-control'] ? undefined : process.env.TEST_POSTGRES_URL;
    if (!postgresUrl && !args['sqlite-control'])
      throw new Error('set TEST_POSTGRES_URL to a PostgreSQL cluster to make a database in');
    await requireImage(docker, ECHO_IMAGE, 'scripts/build-test-image.sh');
    const replicas = await startReplicas(cleanup, {
      dir,
      docker,
      dockerHost,
      postgresUrl,
      image: ECHO_IMAGE,
      cpus: SERVE_CPUS,
    });
    const full: LoadSettings = {
      connections: Number(args.connections),
      seconds: Number(args.seconds),
      warmupSeconds: Number(args.warmup),
      cpus: LOAD_CPUS,
      headers: replicas.headers,
    };
    const paced: LoadSettings = {
      ...full,
      connections: Number(args['paced-connections']),
      paceMs: Number(args.pace),
    };
    console.log(
      `replicas on ${postgresUrl ? 'one PostgreSQL database' : 'one SQLite file (the control)'}: wrk, 1 thread, ${full.warmupSeconds} s warm-up + ${full.seconds} s per setup, endpoint and load: ` +
        `full (${full.connections} connections) and paced (${paced.connections} connections, each waiting ` +
        `${paced.paceMs} ms before each request); ${args.rounds} rounds; ` +
        (SERVE_CPUS
          ? `wrk on CPU ${LOAD_CPUS}, nginx, spawners and the app on CPU ${SERVE_CPUS}`
          : 'CPUs not pinned') +
        `; proxy ${replicas.paths.proxy} (${ECHO_IMAGE}), list ${replicas.paths.list}, ` +
        'peer: node:http answering with the request, one process and two behind the same nginx',
    );
    const peer = await startPeer(cleanup, { dir, cpus: SERVE_CPUS });
    const rounds = await replicaRounds(replicas, peer, { full, paced }, Number(args.rounds));
    out.push(replicaTable(rounds), replicaGoals(rounds));
  }

  if (!args.skip.includes('launches')) {
    await requireImage(docker, args['launch-image'], 'scripts/build-images.sh');
    const template = {
      count: Number(args.launches),
      image: args['launch-image'],
      memory: args['launch-memory'],
      cpus: Number(args['launch-cpus']),
      timeoutMs: Number(args.timeout) * 1000,
    };
    const settings: LaunchSettings = {
      ...template,
      templatesFile: writeLaunchTemplate(dir, template),
    };
    console.log(
      `launches: ${template.count} people at once, one template: ${template.image}, ` +
        `memory ${template.memory}, ${template.cpus} CPU, a data volume`,
    );
    const docker_ = await dockerStorms(cleanup, { dir, docker, dockerHost, settings });
    const swarm = await orWhy(
      async () =>
        (await ensureSwarm(cleanup, docker)) ??
        (await swarmStorms(cleanup, { dir, docker, dockerHost, settings })),
    );
    const rounds: LaunchRound[] = [];
    for (let i = 1; i <= Number(args['launch-rounds']); i++) {
      // Back to back, the order swapped every round, as for the replicas.
      const first = i % 2 ? 'docker' : 'swarm';
      const run = async (side: 'docker' | 'swarm') => {
        const storm = side === 'docker' ? docker_ : swarm;
        const rate = typeof storm === 'string' ? storm : await orWhy(storm);
        console.log(`round ${i} ${side}: ${typeof rate === 'string' ? rate : describe(rate)}`);
        return rate;
      };
      const a = await run(first);
      const b = await run(first === 'docker' ? 'swarm' : 'docker');
      const [dockerRate, swarmRate] = first === 'docker' ? [a, b] : [b, a];
      if (typeof dockerRate === 'string') throw new Error(`docker: ${dockerRate}`);
      rounds.push({ docker: dockerRate, swarm: swarmRate });
    }
    out.push(launchTable(rounds), launchGoal(rounds));
    for (const r of rounds.flatMap((x) => [x.docker, x.swarm]))
      if (typeof r !== 'string' && r.firstError)
        out.push(`${r.runtime}: first failure: ${r.firstError}`);
  }
  console.log(`\n${out.join('\n\n')}\n\nload average at the end: ${loadavg()[0]!.toFixed(2)}`);
}

/** What the step gives, or why it failed (said, not hidden: the swarm side may fail alone). */
async function orWhy<T>(step: () => Promise<T>): Promise<T | string> {
  try {
    return await step();
  } catch (err) {
    console.error(err);
    return `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
}

const describe = (r: LaunchRate): string =>
  `${r.perSecond.toFixed(2)} launches/s, last after ${((r.max ?? 0) / 1000).toFixed(1)} s, ${r.failures} failed`;

async function requireImage(docker: Docker, image: string, script: string) {
  if ((await docker.listImages({ filters: { reference: [image] } })).length === 0) {
    throw new Error(`${image} is not on the engine: run ${script}`);
  }
}

await runBenchmark(main);
