/**
 * bench/footprint: what running containers cost one host. spawner (a process of its own, temp
 * SQLite file, the default templates) launches the `dev` containers of 100, 200, 300 people
 * through its API; after each step, with everything settled: spawner's memory (RSS) and CPU idle,
 * its req/s and CPU per request for a person's list and the admin's list of all containers under
 * wrk, and what the containers cost the host (their cgroups' memory, their containerd shims, the
 * engine's daemons, the machine's available memory).
 *
 *   DOCKER_HOST=unix:///path/docker.sock npm run bench:footprint
 *     [-- --counts 100,200,300 --type dev --settle 10 --idle 10 --seconds 5 --warmup 2 --connections 50
 *         --built]
 *
 * --built runs server/dist/main.js (npm run build -w server first), as `npm start` does; without,
 * server/src/main.ts under tsx, whose loader holds some memory of its own.
 *
 * Needs wrk on PATH and the template images (scripts/build-images.sh). The containers, their
 * data volumes, the process and the temp directory are removed at the end, also on failure or
 * Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type Docker from 'dockerode';
import { removeContainers, removeVolumes, spawnerContainersOf } from './lib/engineCleanup.js';
import { launchAtOnce, summarise } from './lib/launchAtOnce.js';
import { availableMemory, containerMemory, processes, rssBytes } from './lib/procfs.js';
import { signIn } from './lib/signIn.js';
import { startSpawnerProcess, type SpawnerProcess } from './lib/spawnerProcess.js';
import { processTree } from './proxy/cpu.js';
import { median } from './proxy/report.js';
import { machineLine, runBenchmark, type Cleanup } from './proxy/support.js';
import { engineFromEnv } from './proxy/targets.js';
import { measure, type LoadResult, type LoadSettings } from './proxy/wrk.js';

const { values: args } = parseArgs({
  options: {
    counts: { type: 'string', default: '100,200,300' },
    type: { type: 'string', default: 'dev' },
    settle: { type: 'string', default: '10' },
    idle: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    timeout: { type: 'string', default: '900' },
    built: { type: 'boolean', default: false },
  },
});
const counts = [0, ...args.counts.split(',').map((c) => Number(c.trim()))];
if (counts.some((c, i) => !Number.isInteger(c) || (i > 0 && c <= counts[i - 1]!))) {
  throw new Error(`--counts: rising whole numbers separated by commas, not "${args.counts}"`);
}
const MB = 1024 * 1024;
const slugPrefix = `footprint-${randomBytes(3).toString('hex')}-`;
const email = (i: number): string => `${slugPrefix}${i}@example.com`;

interface Row {
  containers: number;
  rssIdle: number;
  rssLoaded: number;
  /** spawner's CPU while nothing asks it anything, in ms per second. */
  idleCpuMsPerSecond: number;
  list: LoadResult;
  adminList: LoadResult;
  containerRss: number[];
  shimRss: number;
  engineRss: number;
  available: number;
}

async function main(cleanup: Cleanup): Promise<void> {
  const { docker, dockerHost } = await engineFromEnv();
  const dir = mkdtempSync(join(tmpdir(), 'spawner-bench-footprint-'));
  cleanup.add('remove temp dir', () => rmSync(dir, { recursive: true, force: true }));
  cleanup.add("remove the benchmark's containers", async () => {
    await removeContainers(docker, await spawnerContainersOf(docker, slugPrefix), 8);
    await removeVolumes(docker, (v) => v.Name.startsWith(`user-${slugPrefix}`));
  });
  const database = { kind: 'sqlite' as const, path: join(dir, 'spawner.db') };
  const spawner = await startSpawnerProcess(
    cleanup,
    'spawner',
    {
      DATABASE_URL: database.path,
      DOCKER_HOST: dockerHost,
      IDLE_TIMEOUT_MINUTES: '0',
      ADMIN_EMAILS: email(0),
    },
    { built: args.built },
  );
  const [adminToken] = await signIn(database, [email(0)]);
  const settings: LoadSettings = {
    connections: Number(args.connections),
    seconds: Number(args.seconds),
    warmupSeconds: Number(args.warmup),
    cpus: undefined,
    headers: { authorization: `Bearer ${adminToken}` },
  };
  console.log(
    `${machineLine()}\nspawner: ${args.built ? 'server/dist/main.js' : 'server/src/main.ts under tsx'}; ` +
      `containers: ${args.type} template, launched through the API; after each step ` +
      `${args.settle} s settle, ${args.idle} s idle, then wrk (1 thread, ${settings.connections} connections, ` +
      `${settings.warmupSeconds} s warm-up + ${settings.seconds} s) on each list`,
  );
  const rows: Row[] = [];
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i]!;
    if (i > 0) await launchUpTo(spawner, database, counts[i - 1]!, count);
    await sleep(Number(args.settle) * 1000);
    rows.push(await measureRow(docker, spawner, settings, count));
    console.log(rowLine(rows.at(-1)!));
  }
  console.log(
    `\n${table(rows)}\n\n${perHundred(rows)}\n\nload average at the end: ${loadavg()[0]!.toFixed(2)}`,
  );
}

/** People from..to-1 sign in and launch at once (spawner's queue lets its launches through). */
async function launchUpTo(
  spawner: SpawnerProcess,
  database: { kind: 'sqlite'; path: string },
  from: number,
  to: number,
): Promise<void> {
  const tokens = await signIn(
    database,
    Array.from({ length: to - from }, (_, k) => email(from + k)),
  );
  const outcomes = await launchAtOnce(spawner.url, tokens, args.type, Number(args.timeout) * 1000);
  const s = summarise(outcomes);
  console.log(
    `launched ${to - from} at once: last after ${((s.max ?? 0) / 1000).toFixed(1)} s, ${s.failures} failed`,
  );
  if (s.failures) throw new Error(`launches failed: ${outcomes.find((o) => o.error)?.error}`);
}

async function measureRow(
  docker: Docker,
  spawner: SpawnerProcess,
  settings: LoadSettings,
  count: number,
): Promise<Row> {
  const ids = await spawnerContainersOf(docker, slugPrefix);
  if (ids.length !== count) throw new Error(`${ids.length} containers on the engine, not ${count}`);
  const cpu = processTree(spawner.pid);
  const rssIdle = rssBytes(spawner.pid);
  const before = cpu();
  await sleep(Number(args.idle) * 1000);
  const idleCpuMsPerSecond = (cpu() - before) / Number(args.idle);
  const list = await measure(`${spawner.url}/api/user/containers`, settings, cpu);
  const adminList = await measure(`${spawner.url}/api/admin/containers`, settings, cpu);
  const all = processes();
  const shims = all.filter(
    (p) => p.command.includes('containerd-shim') && ids.some((id) => p.command.includes(id)),
  );
  const engine = all.filter((p) => /^(dockerd|containerd) /.test(p.command));
  return {
    containers: count,
    rssIdle,
    rssLoaded: rssBytes(spawner.pid),
    idleCpuMsPerSecond,
    list,
    adminList,
    containerRss: ids.flatMap((id) => containerMemory(id)?.rss ?? []),
    shimRss: shims.reduce((sum, p) => sum + rssBytes(p.pid), 0),
    engineRss: engine.reduce((sum, p) => sum + rssBytes(p.pid), 0),
    available: availableMemory(),
  };
}

const mb = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;
const perReq = (r: LoadResult): string =>
  `${Math.round(r.requestsPerSecond)} req/s, ${Math.round(r.cpuUsPerRequest!)} µs`;

function rowLine(r: Row): string {
  return (
    `${r.containers} containers: spawner RSS ${mb(r.rssIdle)} idle, ${mb(r.rssLoaded)} after load, ` +
    `idle CPU ${r.idleCpuMsPerSecond.toFixed(1)} ms/s; list ${perReq(r.list)}; admin list ${perReq(r.adminList)}`
  );
}

function table(rows: Row[]): string {
  const lines = [
    '| containers | spawner RSS idle | after list load | spawner idle CPU | list req/s, CPU/req | admin list req/s, CPU/req | container RSS (median) | shims RSS | dockerd + containerd RSS | machine memory available |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const containerRss = r.containerRss.length ? mb(median(r.containerRss)) : '–';
    lines.push(
      `| ${r.containers} | ${mb(r.rssIdle)} | ${mb(r.rssLoaded)} | ${r.idleCpuMsPerSecond.toFixed(1)} ms/s | ` +
        `${perReq(r.list)} | ${perReq(r.adminList)} | ${containerRss} | ${mb(r.shimRss)} | ${mb(r.engineRss)} | ${mb(r.available)} |`,
    );
  }
  return lines.join('\n');
}

/** The slope from the first row (no containers) to the last, per 100 containers. */
function perHundred(rows: Row[]): string {
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const hundreds = (last.containers - first.containers) / 100;
  if (hundreds <= 0) return 'per 100 containers: one count only';
  const slope = (f: (r: Row) => number): number => (f(last) - f(first)) / hundreds;
  return [
    `per 100 running containers (0 → ${last.containers}):`,
    `  spawner RSS idle ${mb(slope((r) => r.rssIdle))}, after load ${mb(slope((r) => r.rssLoaded))}`,
    `  spawner idle CPU ${slope((r) => r.idleCpuMsPerSecond).toFixed(2)} ms/s`,
    `  list CPU per request ${slope((r) => r.list.cpuUsPerRequest!).toFixed(0)} µs, admin list ${slope((r) => r.adminList.cpuUsPerRequest!).toFixed(0)} µs`,
    `  containers' own RSS ${mb(slope((r) => r.containerRss.reduce((a, b) => a + b, 0)))}, shims ${mb(slope((r) => r.shimRss))}, ` +
      `engine daemons ${mb(slope((r) => r.engineRss))}, machine's available memory ${mb(-slope((r) => r.available))} less`,
  ].join('\n');
}

await runBenchmark(main);
