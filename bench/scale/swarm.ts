import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { SwarmRuntime } from '../../server/src/runtime/swarm.js';
import { eachAtOnce, removeVolumes } from '../lib/engineCleanup.js';
import { type Cleanup, freePort } from '../proxy/support.js';
import { stormsOn, type LaunchSettings, type LaunchStorm } from './launches.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const RUNNER_IMAGE = 'spawner-bench-runner:latest';
/** spawner's overlay networks on Swarm (server/src/runtime/swarm/networks.ts); it joins both. */
const NETWORKS = ['spawner-apps', 'spawner-apps-internal'];

/**
 * Makes the engine a one-node swarm when it is in none, and leaves that swarm at cleanup (as
 * scripts/test-swarm.sh does); a swarm that was there is used as it is and kept. Returns why
 * swarm cannot be measured, or undefined.
 */
export async function ensureSwarm(cleanup: Cleanup, docker: Docker): Promise<string | undefined> {
  const state = await swarmState(docker);
  if (state === 'manager') return undefined;
  if (state === 'worker') return 'the engine is a swarm worker, not a manager';
  await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
  console.log('swarm: made a one-node swarm (docker swarm init), left again at the end');
  cleanup.add('leave the swarm this run made', () => docker.swarmLeave({ force: true }));
  return undefined;
}

async function swarmState(docker: Docker): Promise<'manager' | 'worker' | 'none'> {
  const info = (await docker.info()) as {
    Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
  };
  if (info.Swarm?.LocalNodeState !== 'active') return 'none';
  return info.Swarm.ControlAvailable ? 'manager' : 'worker';
}

/**
 * RUNTIME=swarm: apps answer only on the overlay network, so spawner runs in a container on it
 * (node and its libraries FROM scratch, the repository bind-mounted at its own path, the
 * engine's socket mounted, its port published on 127.0.0.1), on a SQLite file in the run's temp
 * directory (mounted too, so people are signed in from here). Each storm's services and their
 * volumes are removed after it; the container and the image at cleanup.
 */
export async function swarmStorms(
  cleanup: Cleanup,
  opts: { dir: string; docker: Docker; dockerHost: string; settings: LaunchSettings },
): Promise<LaunchStorm> {
  const socket = new URL(opts.dockerHost).pathname;
  if (!opts.dockerHost.startsWith('unix://'))
    throw new Error('swarm: DOCKER_HOST must be a unix socket');
  const slugPrefix = `scale-swarm-${randomBytes(3).toString('hex')}-`;
  const runtime = new SwarmRuntime(opts.dockerHost, undefined);
  const remove = () => removeServices(runtime, opts.docker, slugPrefix);
  cleanup.add('remove the launched services (swarm)', remove);
  await ensureNetworks(cleanup, opts.docker);
  buildRunnerImage(cleanup, opts.docker, opts.dir);

  const port = await freePort();
  const database = { kind: 'sqlite' as const, path: join(opts.dir, 'launch-swarm.db') };
  const container = await opts.docker.createContainer({
    name: `spawner-bench-swarm-${randomBytes(3).toString('hex')}`,
    Image: RUNNER_IMAGE,
    Cmd: ['/usr/bin/node', '--import', 'tsx', 'server/src/main.ts'],
    WorkingDir: repoRoot,
    Env: [
      'RUNTIME=swarm',
      `DOCKER_HOST=unix://${socket}`,
      `DATABASE_URL=${database.path}`,
      'HOST=0.0.0.0',
      'PORT=8080',
      'IDLE_TIMEOUT_MINUTES=0',
      'LOG_LEVEL=warn',
      `TEMPLATES_FILE=${opts.settings.templatesFile}`,
    ],
    ExposedPorts: { '8080/tcp': {} },
    HostConfig: {
      Binds: [`${repoRoot}:${repoRoot}`, `${opts.dir}:${opts.dir}`, `${socket}:${socket}`],
      Tmpfs: { '/tmp': 'exec' },
      PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] },
      NetworkMode: NETWORKS[0],
    },
  });
  cleanup.add('remove the swarm spawner container', () => container.remove({ force: true }));
  for (const network of NETWORKS.slice(1)) {
    await opts.docker.getNetwork(network).connect({ Container: container.id });
  }
  await container.start();
  const url = `http://127.0.0.1:${port}`;
  await untilReady(url, async () =>
    (await container.logs({ stdout: true, stderr: true, tail: 40 })).toString(),
  );

  return stormsOn('swarm', { url, database, slugPrefix, remove }, opts.settings);
}

/** The overlay networks spawner joins; those this run made are removed again (when unused). */
async function ensureNetworks(cleanup: Cleanup, docker: Docker): Promise<void> {
  for (const name of NETWORKS) {
    const existing = await docker.listNetworks({ filters: { name: [name] } });
    if (existing.some((n) => n.Name === name)) continue;
    await docker.createNetwork({
      Name: name,
      Driver: 'overlay',
      Attachable: true,
      Internal: name.endsWith('-internal'),
      Labels: { 'spawner.managed': 'true' },
    });
    cleanup.add(`remove network ${name}`, () =>
      docker
        .getNetwork(name)
        .remove()
        .catch(() => undefined),
    );
  }
}

/** node and the libraries it and the native addons load, FROM scratch (scripts/lib's helpers). */
function buildRunnerImage(cleanup: Cleanup, docker: Docker, dir: string): void {
  const ctx = mkdtempSync(join(dir, 'runner-'));
  try {
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY root /\nENV PATH=/usr/bin\n');
    execFileSync(
      'bash',
      [
        '-c',
        '. scripts/lib/node-rootfs.sh && . scripts/lib/native-libs.sh && node_rootfs "$1/root" && ' +
          'native_libs "$1/root" node_modules && DOCKER_BUILDKIT=0 docker build -q -t "$2" "$1" >/dev/null',
        'build-runner',
        ctx,
        RUNNER_IMAGE,
      ],
      // The legacy builder's deprecation notice is no news; a failure's output is in the error.
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
  cleanup.add('remove the runner image', () =>
    docker
      .getImage(RUNNER_IMAGE)
      .remove()
      .catch(() => undefined),
  );
}

async function untilReady(url: string, logs: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(300);
  }
  throw new Error(`the swarm spawner did not get ready within 90 s:\n${await logs()}`);
}

/**
 * The run's services (waiting until their containers are gone), then their data volumes. A swarm
 * left meanwhile (by other work on the engine) took the services and their containers with it.
 */
async function removeServices(
  runtime: SwarmRuntime,
  docker: Docker,
  slugPrefix: string,
): Promise<void> {
  const ours = (name: string): boolean => name.startsWith(`user-${slugPrefix}`);
  if ((await swarmState(docker)) === 'manager') {
    const services = (await runtime.list()).filter((s) => ours(s.name));
    if (services.length) console.log(`removing ${services.length} services`);
    await eachAtOnce(services, 8, (s) => runtime.remove(s.id));
  } else {
    console.log('swarm: the engine left the swarm meanwhile, and the services went with it');
  }
  // A swarm left meanwhile removes its tasks' containers a moment later; until then they hold
  // the volumes.
  for (let attempt = 1; ; attempt++) {
    try {
      await removeVolumes(docker, (v) => ours(v.Name));
      return;
    } catch (err) {
      if (attempt === 15) throw err;
      await sleep(2000);
    }
  }
}
