/**
 * bench/storm: N people launch their container at the same moment through spawner's API, and,
 * in the same run, N plain `docker run`s of the same image start at the same moment on the same
 * engine (and N more with the settings spawner gives its containers: hardening, their own
 * bridge, a data volume, CPU limit — the same engine work as spawner's, all at once). Each side's time is from the common start until that person's app answers HTTP (for
 * spawner: the launch's 200, which it sends once the app answers; for the engine: the same
 * readiness check spawner uses, GET / on the published port, any status). Prints p50, p95, max
 * and failures of both, and whether the goals hold.
 *
 *   DOCKER_HOST=unix:///path/docker.sock npm run bench:storm
 *     [-- --users 100 --type dev --order engine-first|spawner-first --timeout 900 --concurrency 8]
 *
 * spawner runs in this process with its settings from the environment (MAX_CONCURRENT_LAUNCHES,
 * MAX_RUNNING_*), a temp SQLite file and N users, each signed in with a session of their own.
 * The engine's containers carry this run's label; spawner's are found by its label and the
 * users' name prefix. Both, spawner's data volumes and the temp directory are removed at the
 * end, also on failure or Ctrl-C.
 */
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
import { SessionService } from '../server/src/auth/sessions.js';
import { loadConfig } from '../server/src/config.js';
import { answersHttp } from '../server/src/containers/readiness.js';
import { createLogger } from '../server/src/logging.js';
import { DockerRuntime } from '../server/src/runtime/docker.js';
import { templateSecurity } from '../server/src/templates/security.js';
import type { Template } from '../server/src/templates/template.js';
import { UserStore } from '../server/src/users/userStore.js';
import { removeContainers, removeVolumes, spawnerContainersOf } from './lib/engineCleanup.js';
import { launchAtOnce, summarise, type Outcome } from './lib/launchAtOnce.js';
import { machineLine, runBenchmark, type Cleanup } from './proxy/support.js';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '100' },
    type: { type: 'string', default: 'dev' },
    order: { type: 'string', default: 'engine-first' },
    timeout: { type: 'string', default: '900' },
    concurrency: { type: 'string', default: '8' },
  },
});
const users = Number(args.users);
if (!Number.isInteger(users) || users < 1)
  throw new Error(`--users: a whole number, not ${args.users}`);
if (args.order !== 'engine-first' && args.order !== 'spawner-first') {
  throw new Error(`--order: engine-first or spawner-first, not ${args.order}`);
}
const timeoutMs = Number(args.timeout) * 1000;

/** The engine side's containers carry RUN_LABEL=runId; spawner's users are named after the run. */
const RUN_LABEL = 'spawner-bench.storm-run';
const runId = randomBytes(3).toString('hex');
const userPrefix = `storm-${runId}-`;
const POLL_MS = 100;

async function main(cleanup: Cleanup): Promise<void> {
  const { docker, dockerHost } = await engineFromEnv();
  const dir = mkdtempSync(join(tmpdir(), 'spawner-bench-storm-'));
  cleanup.add('remove temp dir', () => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: join(dir, 'spawner.db'),
    LOG_LEVEL: 'warn',
    IDLE_TIMEOUT_MINUTES: '0',
  });
  const template = config.templates.find((t) => t.key === args.type);
  if (!template) throw new Error(`--type: no template ${args.type}`);
  if ((await docker.listImages({ filters: { reference: [template.image] } })).length === 0) {
    throw new Error(`${template.image} is not on the engine: run scripts/build-images.sh`);
  }
  cleanup.add("remove the benchmark's containers and volumes", () => removeAll(docker));

  console.log(machineLine());
  console.log(
    `${users} at once, template ${template.key} (${template.image}), MAX_CONCURRENT_LAUNCHES ${config.quotas.maxConcurrentLaunches}, order ${args.order}`,
  );
  const sides: Array<[string, () => Promise<Outcome[]>]> = [
    ['engine (docker run)', () => engineStorm(docker, template)],
    ["engine, spawner's container settings", () => hardenedStorm(dockerHost, template)],
    ['spawner (API launch)', () => spawnerStorm(cleanup, config)],
  ];
  if (args.order === 'spawner-first') sides.reverse();
  const results = new Map<string, Outcome[]>();
  for (const [name, storm] of sides) {
    console.log(`\n${name}: ${users} starting, ${loadNote()}`);
    results.set(name, await storm());
    console.log(`${name}: done; removing its containers`);
    await removeAll(docker);
    await sleep(2000);
  }
  const engine = results.get('engine (docker run)')!;
  const hardened = results.get("engine, spawner's container settings")!;
  const spawner = results.get('spawner (API launch)')!;
  console.log(
    `\n${table([...results])}\n\n${goals(spawner, engine)}\n${sameWork(spawner, hardened)}\n\n${loadNote()} at the end`,
  );
}

/** N containers of the image, created and started at once, each until it answers HTTP. */
async function engineStorm(docker: Docker, template: Template): Promise<Outcome[]> {
  const start = performance.now();
  return Promise.all(
    Array.from({ length: users }, async (_, i): Promise<Outcome> => {
      try {
        const container = await docker.createContainer({
          name: `spawner-storm-${runId}-engine-${i}`,
          Image: template.image,
          Labels: { [RUN_LABEL]: runId },
          ExposedPorts: { [`${template.port}/tcp`]: {} },
          HostConfig: {
            PortBindings: { [`${template.port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
            Memory: template.memory,
          },
        });
        await container.start();
        const info = await container.inspect();
        const port = Number(info.NetworkSettings.Ports[`${template.port}/tcp`]?.[0]?.HostPort);
        if (!port) return { ms: undefined, error: 'no published port' };
        while (performance.now() - start < timeoutMs) {
          if (await answersHttp({ host: '127.0.0.1', port })) {
            return { ms: performance.now() - start };
          }
          await sleep(POLL_MS);
        }
        return { ms: undefined, error: 'did not answer in time' };
      } catch (err) {
        return { ms: undefined, error: String(err) };
      }
    }),
  );
}

/** N containers made as spawner makes them (its runtime driver, its settings), started at once. */
async function hardenedStorm(dockerHost: string, template: Template): Promise<Outcome[]> {
  const runtime = new DockerRuntime(dockerHost);
  const start = performance.now();
  return Promise.all(
    Array.from({ length: users }, async (_, i): Promise<Outcome> => {
      const name = `spawner-storm-${runId}-hardened-${i}`;
      try {
        const id = await runtime.create({
          name,
          image: template.image,
          env: { ...template.env, BASE_PATH: '' },
          labels: { [RUN_LABEL]: runId },
          port: template.port,
          memoryBytes: template.memory,
          cpus: template.cpus,
          network: undefined,
          mounts: template.data_path
            ? [
                {
                  volume: `${name}-data`,
                  target: template.data_path,
                  labels: { [RUN_LABEL]: runId },
                },
              ]
            : [],
          security: templateSecurity(template),
        });
        await runtime.start(id);
        const endpoint = (await runtime.inspect(id))?.endpoint;
        if (!endpoint) return { ms: undefined, error: 'no endpoint' };
        while (performance.now() - start < timeoutMs) {
          if (await answersHttp(endpoint)) return { ms: performance.now() - start };
          await sleep(POLL_MS);
        }
        return { ms: undefined, error: 'did not answer in time' };
      } catch (err) {
        return { ms: undefined, error: String(err) };
      }
    }),
  );
}

/** spawner on loopback with N signed-in users, who all ask to launch at the same moment. */
async function spawnerStorm(
  cleanup: Cleanup,
  config: ReturnType<typeof loadConfig>,
): Promise<Outcome[]> {
  const app = await createApp(config, createLogger('warn', process.stderr));
  cleanup.add('close spawner', () => app.close());
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.http.server.address() as AddressInfo).port;
  const userStore = new UserStore(app.db);
  const sessions = new SessionService(app.db);
  const tokens: string[] = [];
  for (let i = 0; i < users; i++) {
    const user = await userStore.findOrCreate(`${userPrefix}${i}@example.com`);
    tokens.push(await sessions.create(user.id));
  }
  const outcomes = await launchAtOnce(`http://127.0.0.1:${port}`, tokens, args.type, timeoutMs);
  await app.close();
  return outcomes;
}

/** Every container (and data volume) this run made, on either side. */
async function removeAll(docker: Docker): Promise<void> {
  const engine = await docker.listContainers({
    all: true,
    filters: { label: [`${RUN_LABEL}=${runId}`] },
  });
  const ids = [...engine.map((c) => c.Id), ...(await spawnerContainersOf(docker, userPrefix))];
  await removeContainers(docker, ids, Number(args.concurrency));
  await removeVolumes(
    docker,
    (volume) =>
      volume.Name.startsWith(`user-${userPrefix}`) || volume.Labels?.[RUN_LABEL] === runId,
  );
}

const seconds = (ms: number | undefined) =>
  ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;

function table(rows: Array<[string, Outcome[]]>): string {
  const lines = ['| side | p50 | p95 | max | failures |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const [name, outcomes] of rows) {
    const s = summarise(outcomes);
    lines.push(
      `| ${name} | ${seconds(s.p50)} | ${seconds(s.p95)} | ${seconds(s.max)} | ${s.failures} |`,
    );
    const firstError = outcomes.find((o) => o.error)?.error;
    if (firstError) console.log(`${name}: first failure: ${firstError}`);
  }
  return lines.join('\n');
}

function goals(spawnerOutcomes: Outcome[], engineOutcomes: Outcome[]): string {
  const spawner = summarise(spawnerOutcomes);
  const engine = summarise(engineOutcomes);
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : a / b;
  const p95 = ratio(spawner.p95, engine.p95);
  const p50 = ratio(spawner.p50, engine.p50);
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return [
    `goal: 0 failures — ${mark(spawner.failures === 0)} (spawner ${spawner.failures}, engine ${engine.failures})`,
    `goal: spawner p95 ≤ 1.05 × engine's — ${mark(p95 !== undefined && p95 <= 1.05)} (${p95?.toFixed(2) ?? '–'} ×)`,
    `goal: spawner p50 ≤ 0.6 × engine's — ${mark(p50 !== undefined && p50 <= 0.6)} (${p50?.toFixed(2) ?? '–'} ×)`,
  ].join('\n');
}

/** The queue's own effect: spawner against the same containers all started at once. */
function sameWork(spawnerOutcomes: Outcome[], hardenedOutcomes: Outcome[]): string {
  const spawner = summarise(spawnerOutcomes);
  const hardened = summarise(hardenedOutcomes);
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? '–' : (a / b).toFixed(2);
  return `against the same containers all at once: p50 ${ratio(spawner.p50, hardened.p50)} ×, p95 ${ratio(spawner.p95, hardened.p95)} ×`;
}

function loadNote(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

await runBenchmark(main);
