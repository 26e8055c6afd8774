/**
 * bench/proxy: the same echo container served directly, through spawner's proxy, through
 * configurable-http-proxy and through nginx, under the same wrk load; then WebSocket echo round
 * trips. Usage: `npm run bench:proxy [-- --rounds 3 --seconds 10 --connections 50 --no-pin]`.
 * Needs DOCKER_HOST (a running engine), wrk, nginx and taskset on PATH.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TARGETS, goals, loadTable, wsTable, type Round, type Target } from './report.js';
import { processTree, thisProcess, type CpuProbe } from './cpu.js';
import type { Cleanup } from './support.js';
import { machineLine, runBenchmark } from './support.js';
import {
  cpuPinning,
  engineFromEnv,
  startChp,
  startNginx,
  startSpawner,
  type Spawner,
} from './targets.js';
import { echoRoundTrips, type RoundTrips } from './websocket.js';
import { measure, type LoadSettings } from './wrk.js';

const IMAGE = 'spawner-test-echo:latest';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    'ws-messages': { type: 'string', default: '2000' },
    'no-pin': { type: 'boolean', default: false },
  },
});

const { load: LOAD_CPUS, serve: SERVE_CPUS } = cpuPinning(args['no-pin']);

async function main(cleanup: Cleanup): Promise<void> {
  const { docker, dockerHost } = await engineFromEnv();
  if ((await docker.listImages({ filters: { reference: [IMAGE] } })).length === 0) {
    execFileSync('bash', ['scripts/build-test-image.sh'], { cwd: repoRoot, stdio: 'inherit' });
  }
  // spawner runs in this process: pin every thread of it (libuv's pool included).
  if (SERVE_CPUS) execFileSync('taskset', ['-a', '-p', '-c', SERVE_CPUS, String(process.pid)]);
  const dir = mkdtempSync(join(tmpdir(), 'spawner-bench-'));
  cleanup.add('remove temp dir', () => rmSync(dir, { recursive: true, force: true }));

  const spawner = await startSpawner(cleanup, { dir, dockerHost, image: IMAGE });
  if (SERVE_CPUS) await docker.getContainer(spawner.containerId).update({ CpusetCpus: SERVE_CPUS });
  const prefix = `/${spawner.slug}-dev`;
  const backendPort = spawner.backendPort;
  const chp = await startChp(cleanup, { prefix, backendPort, cpus: SERVE_CPUS });
  const nginx = await startNginx(cleanup, {
    dir,
    prefix,
    upstreamPorts: [backendPort],
    cpus: SERVE_CPUS,
  });
  const bases: Record<Target, string> = {
    direct: `127.0.0.1:${backendPort}`,
    spawner: `127.0.0.1:${spawner.port}${prefix}`,
    'configurable-http-proxy': `127.0.0.1:${chp.port}${prefix}`,
    nginx: `127.0.0.1:${nginx.port}${prefix}`,
  };
  const probes: Partial<Record<Target, CpuProbe>> = {
    spawner: thisProcess,
    'configurable-http-proxy': processTree(chp.pid),
    nginx: processTree(nginx.pid),
  };
  const headers = { authorization: `Bearer ${spawner.token}` };
  for (const t of TARGETS) await checkAnswers(t, `http://${bases[t]}/hello`, headers);

  const settings: LoadSettings = {
    connections: Number(args.connections),
    seconds: Number(args.seconds),
    warmupSeconds: Number(args.warmup),
    cpus: LOAD_CPUS,
    headers,
  };
  printSetup(spawner, settings);
  const rounds = await loadRounds(bases, probes, settings, Number(args.rounds));
  const ws: Array<[Target, RoundTrips]> = [];
  for (const t of TARGETS) {
    ws.push([t, await echoRoundTrips(`ws://${bases[t]}/ws`, headers, Number(args['ws-messages']))]);
  }
  console.log(`\n${loadTable(rounds)}\n\n${goals(rounds)}\n\n${wsTable(ws)}`);
  console.log(`\nload average at the end: ${loadavg()[0]!.toFixed(2)}`);
}

async function loadRounds(
  bases: Record<Target, string>,
  probes: Partial<Record<Target, CpuProbe>>,
  settings: LoadSettings,
  count: number,
): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let i = 1; i <= count; i++) {
    const round: Partial<Round> = {};
    // Each round starts one target later, so none always runs first (or last) in the round.
    const order = TARGETS.map((_, k) => TARGETS[(k + i - 1) % TARGETS.length]!);
    for (const t of order) {
      const r = await measure(`http://${bases[t]}/hello`, settings, probes[t]);
      round[t] = r;
      const cpu =
        r.cpuUsPerRequest === undefined ? '' : `  cpu ${r.cpuUsPerRequest.toFixed(0)} µs/req`;
      console.log(
        `round ${i} ${t.padEnd(24)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  ` +
          `p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms${cpu}`,
      );
    }
    rounds.push(round as Round);
  }
  return rounds;
}

/** Each target must answer the benchmark request with the app's 200, the prefix removed. */
async function checkAnswers(
  t: Target,
  url: string,
  headers: Record<string, string>,
): Promise<void> {
  const res = await fetch(url, { headers });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  if (res.status !== 200 || body.url !== '/hello') {
    throw new Error(
      `${t}: ${url} answered ${res.status} for ${String(body.url)}, not the app's /hello`,
    );
  }
}

function printSetup(spawner: Spawner, s: LoadSettings): void {
  console.log(
    [
      machineLine(),
      `load: wrk, 1 thread, ${s.connections} connections, ${s.warmupSeconds} s warm-up + ${s.seconds} s per target`,
      SERVE_CPUS
        ? `CPUs: wrk on ${LOAD_CPUS}; container, spawner, configurable-http-proxy and nginx on ${SERVE_CPUS}`
        : 'CPUs: not pinned',
      `backend: ${IMAGE} container ${spawner.containerId.slice(0, 12)} on 127.0.0.1:${spawner.backendPort}`,
    ].join('\n'),
  );
}

await runBenchmark(main);
