/**
 * bench/list: requests per second of `GET /api/user/containers` for one signed-in user while 1,
 * 100 and 500 other users' containers run on the engine, against `GET /api/auth/me` (same
 * session, no engine work) measured the same way in the same rounds.
 *
 *   DOCKER_HOST=unix:///path/docker.sock npm run bench:list
 *     [-- --counts 1,100,500 --rounds 3 --seconds 5 --warmup 2 --connections 50 --settle 5
 *         --concurrency 8 --image user-service-template:latest]
 *
 * Needs wrk on PATH and the `dev` template image (scripts/build-images.sh dev). The other users'
 * containers are made directly with dockerode from --image running busybox's `sleep` (no network,
 * 16 MiB), with spawner's labels and one label naming this run; they, the user's own container
 * and the temp directory are removed at the end, also on failure or Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type Docker from 'dockerode';
import { engineFromEnv } from './proxy/targets.js';
import { createApp } from '../server/src/app.js';
import { LABELS } from '../server/src/containers/identity.js';
import { SessionService } from '../server/src/auth/sessions.js';
import { loadConfig } from '../server/src/config.js';
import { createLogger } from '../server/src/logging.js';
import { UserStore } from '../server/src/users/userStore.js';
import type { Cleanup } from './proxy/support.js';
import { machineLine, runBenchmark } from './proxy/support.js';
import { measure, type LoadResult, type LoadSettings } from './proxy/wrk.js';

const { values: args } = parseArgs({
  options: {
    counts: { type: 'string', default: '1,100,500' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    settle: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    image: { type: 'string', default: 'user-service-template:latest' },
  },
});
const counts = [...new Set(args.counts.split(',').map((c) => Number(c.trim())))].sort(
  (a, b) => a - b,
);
if (counts.some((c) => !Number.isInteger(c) || c < 0)) {
  throw new Error(`--counts: whole numbers separated by commas, not "${args.counts}"`);
}

/** This run's containers carry RUN_LABEL=runId, so cleanup removes exactly these. */
const RUN_LABEL = 'spawner-bench.list-run';
const runId = randomBytes(3).toString('hex');
const OTHER_MEMORY_BYTES = 16 * 1024 * 1024;

interface Target {
  name: 'list' | 'me';
  path: string;
}
const TARGETS: Target[] = [
  { name: 'list', path: '/api/user/containers' },
  { name: 'me', path: '/api/auth/me' },
];
type Round = Record<Target['name'], LoadResult>;

interface Row {
  others: number;
  onEngine: number;
  rounds: Round[];
}

interface Bench {
  base: string;
  /** The signed-in user. */
  owner: { id: number; slug: string };
  headers: Record<string, string>;
  docker: Docker;
  users: UserStore;
}

async function main(cleanup: Cleanup): Promise<void> {
  const { docker } = await engineFromEnv();
  requireWrk();
  if ((await docker.listImages({ filters: { reference: [args.image] } })).length === 0) {
    throw new Error(`${args.image} is not on the engine: run scripts/build-images.sh dev`);
  }
  const bench = await startSpawner(cleanup, docker);

  // Registered before anything is made, so a run that fails halfway leaves nothing behind.
  const others = new Others(bench);
  cleanup.add("remove the benchmark's containers", () => others.removeAll());
  await launchDev(bench);
  await checkAnswers(bench);

  const settings: LoadSettings = {
    connections: Number(args.connections),
    seconds: Number(args.seconds),
    warmupSeconds: Number(args.warmup),
    cpus: undefined,
    headers: bench.headers,
  };
  printSetup(settings);
  const rows: Row[] = [];
  for (const count of counts) {
    await others.growTo(count);
    console.log(`settling ${args.settle} s`);
    await sleep(Number(args.settle) * 1000);
    await checkAnswers(bench);
    const onEngine = (await docker.listContainers({ all: true })).length;
    console.log(`${count} other users' containers (${onEngine} on the engine), ${loadNote()}`);
    rows.push({ others: count, onEngine, rounds: await loadRounds(bench, settings) });
    await checkAnswers(bench);
  }
  console.log(`\n${table(rows)}\n\n${goals(rows)}\n\n${loadNote()} at the end`);
}

/** spawner in this process on loopback, a fresh SQLite file, one user signed in (no mail). */
async function startSpawner(cleanup: Cleanup, docker: Docker): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'spawner-bench-list-'));
  cleanup.add('remove temp dir', () => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'spawner.db'),
    LOG_LEVEL: 'warn',
    IDLE_TIMEOUT_MINUTES: '0',
  });
  const app = await createApp(config, createLogger('warn', process.stderr));
  cleanup.add('close spawner', () => app.close());
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
  const users = new UserStore(app.db);
  const user = await users.findOrCreate(`listbench-${runId}@example.com`);
  const token = await new SessionService(app.db).create(user.id);
  return { base, owner: user, headers: { authorization: `Bearer ${token}` }, docker, users };
}

function requireWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk --version prints its version and exits 1; only a missing binary matters here.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('wrk is not on PATH (Debian: apt-get install wrk)', { cause: err });
    }
  }
}

/** The signed-in user's `dev` container, launched once through the API like a browser would. */
async function launchDev(bench: Bench): Promise<void> {
  const started = performance.now();
  const res = await fetch(`${bench.base}/api/container/launch/dev`, {
    method: 'POST',
    headers: bench.headers,
  });
  const body = (await res.json()) as { message?: string };
  if (res.status !== 200) throw new Error(`launch dev: ${res.status} ${body.message}`);
  console.log(
    `launched the user's dev container in ${(performance.now() - started).toFixed(0)} ms`,
  );
}

/** Both endpoints answer 200, and the list holds the user's running `dev` container. */
async function checkAnswers(bench: Bench): Promise<void> {
  const me = await fetch(`${bench.base}/api/auth/me`, { headers: bench.headers });
  if (me.status !== 200) throw new Error(`/api/auth/me answered ${me.status}`);
  const res = await fetch(`${bench.base}/api/user/containers`, { headers: bench.headers });
  const body = (await res.json()) as { containers?: Array<{ type: string; status: string }> };
  const dev = body.containers?.find((c) => c.type === 'dev');
  if (res.status !== 200 || dev?.status !== 'running') {
    throw new Error(`/api/user/containers answered ${res.status}, dev ${dev?.status}`);
  }
}

/** Other users' containers, as spawner would have made them, started directly on the engine. */
class Others {
  private made = 0;
  private stopping = false;
  private growing: Promise<void> = Promise.resolve();

  constructor(private readonly bench: Bench) {}

  /** Makes and starts containers, `--concurrency` at a time, until `count` of them run. */
  growTo(count: number): Promise<void> {
    this.growing = this.grow(count);
    return this.growing;
  }

  private async grow(count: number): Promise<void> {
    const started = performance.now();
    let next = this.made;
    let lastReport = started;
    let failure: Error | undefined;
    const worker = async (): Promise<void> => {
      try {
        while (!this.stopping && next < count) {
          await this.makeOne(next++);
          this.made++;
          if (performance.now() - lastReport > 10_000 || this.made === count) {
            lastReport = performance.now();
            const s = ((lastReport - started) / 1000).toFixed(1);
            console.log(`  other users' containers: ${this.made}/${count} running (${s} s)`);
          }
        }
      } catch (err) {
        // The other workers stop after their current container, so cleanup sees every one.
        this.stopping = true;
        failure ??= err instanceof Error ? err : new Error(String(err));
      }
    };
    await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
    if (failure) throw failure;
    if (this.stopping) throw new Error('stopped before all containers were made');
  }

  private async makeOne(n: number): Promise<void> {
    const user = await this.bench.users.findOrCreate(`listbench-${runId}-${n}@example.com`);
    // Named and labelled as spawner names and labels a user's container (DESIGN.md, "Containers
    // in the engine"), so spawner's view of the engine holds them like real ones.
    const container = await this.bench.docker.createContainer({
      name: `user-${user.slug}-dev-${user.id}`,
      Image: args.image,
      Entrypoint: ['/bin/sleep'],
      Cmd: ['2147483647'],
      Labels: {
        [LABELS.managed]: 'true',
        [LABELS.userId]: String(user.id),
        [LABELS.template]: 'dev',
        [LABELS.slug]: user.slug,
        [RUN_LABEL]: runId,
      },
      HostConfig: { Memory: OTHER_MEMORY_BYTES, NetworkMode: 'none' },
    });
    await container.start();
  }

  /**
   * Removes every container of this run, `--concurrency` at a time: the others by the run's
   * label, the signed-in user's by its owner label (and its data volume, where spawner made one).
   */
  async removeAll(): Promise<void> {
    this.stopping = true;
    await this.growing.catch(() => undefined);
    const { docker, owner } = this.bench;
    const others = await docker.listContainers({
      all: true,
      filters: { label: [`${RUN_LABEL}=${runId}`] },
    });
    const own = await docker.listContainers({
      all: true,
      filters: { label: ['spawner.managed=true', `spawner.user-id=${owner.id}`] },
    });
    const ids = [...others, ...own.filter((c) => c.Names.includes(`/${ownName(owner)}`))].map(
      (c) => c.Id,
    );
    if (ids.length > 1) console.log(`removing ${ids.length} containers`);
    const worker = async (): Promise<void> => {
      for (let id = ids.pop(); id; id = ids.pop()) {
        await docker.getContainer(id).remove({ force: true, v: true });
      }
    };
    await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
    await docker
      .getVolume(`${ownName(owner)}-data`)
      .remove()
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw err;
      });
  }
}

const ownName = (owner: { id: number; slug: string }): string =>
  `user-${owner.slug}-dev-${owner.id}`;

/** Rounds of list and me in turn, the order swapped every round, so neither always goes first. */
async function loadRounds(bench: Bench, settings: LoadSettings): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let i = 1; i <= Number(args.rounds); i++) {
    const round: Partial<Round> = {};
    const order = i % 2 ? TARGETS : [...TARGETS].reverse();
    for (const t of order) {
      const r = await measure(`${bench.base}${t.path}`, settings);
      round[t.name] = r;
      console.log(
        `  round ${i} ${t.name.padEnd(4)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  ` +
          `p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  (${loadNote()})`,
      );
    }
    rounds.push(round as Round);
  }
  return rounds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const listRps = (row: Row): number => median(row.rounds.map((r) => r.list.requestsPerSecond));
const meRps = (row: Row): number => median(row.rounds.map((r) => r.me.requestsPerSecond));
/** list/me per round (both measured minutes apart at most), then the median of those. */
const ratio = (row: Row): number =>
  median(row.rounds.map((r) => r.list.requestsPerSecond / r.me.requestsPerSecond));

function table(rows: Row[]): string {
  const lines = [
    "| other users' containers | containers on the engine | list req/s | me req/s | list/me | list p99 |",
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const p99 = median(row.rounds.map((r) => r.list.p99Ms));
    lines.push(
      `| ${row.others} | ${row.onEngine} | ${Math.round(listRps(row))} | ${Math.round(meRps(row))} | ` +
        `${ratio(row).toFixed(2)}× | ${p99.toFixed(2)} ms |`,
    );
  }
  return lines.join('\n');
}

function goals(rows: Row[]): string {
  const verdict = (met: boolean): string => (met ? 'met' : 'not met');
  const lines: string[] = [];
  for (const row of rows) {
    const at = `with ${row.others} other users' containers`;
    lines.push(`list ≥ 0.8× me ${at}: ${ratio(row).toFixed(2)}× — ${verdict(ratio(row) >= 0.8)}`);
    const rps = listRps(row);
    lines.push(`list ≥ 3,000 req/s ${at}: ${Math.round(rps)} — ${verdict(rps >= 3000)}`);
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last && last !== first) {
    const r = listRps(last) / listRps(first);
    lines.push(
      `list at ${last.others} ≥ 0.9× list at ${first.others}: ${r.toFixed(2)}× — ${verdict(r >= 0.9)}`,
    );
  } else {
    lines.push('list at the largest count ≥ 0.9× list at the smallest: not measured (one count)');
  }
  return lines.join('\n');
}

const loadNote = (): string => `load average ${loadavg()[0]!.toFixed(2)}`;

function printSetup(s: LoadSettings): void {
  console.log(
    [
      machineLine(),
      `load: wrk, 1 thread, ${s.connections} connections, ${s.warmupSeconds} s warm-up + ${s.seconds} s ` +
        `per endpoint, ${args.rounds} rounds alternating list and me; counts ${counts.join(', ')}`,
      `other users' containers: ${args.image} running sleep, 16 MiB, no network, label ${RUN_LABEL}=${runId}`,
    ].join('\n'),
  );
}

await runBenchmark(main);
