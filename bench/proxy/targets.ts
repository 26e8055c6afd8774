import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { createApp, type App } from '../../server/src/app.js';
import { SessionService } from '../../server/src/auth/sessions.js';
import { loadConfig } from '../../server/src/config.js';
import { createLogger } from '../../server/src/logging.js';
import { dockerConnectionOptions } from '../../server/src/runtime/docker.js';
import { UserStore } from '../../server/src/users/userStore.js';
import { type Cleanup, freePort, startChild, waitForPort } from './support.js';

// Found through Node's resolution, wherever npm put the package.
const chpBin = join(
  dirname(fileURLToPath(import.meta.resolve('configurable-http-proxy/package.json'))),
  'bin/configurable-http-proxy',
);

export interface Spawner {
  app: App;
  port: number;
  slug: string;
  token: string;
  /** The user's container, as spawner reaches it: its port published on 127.0.0.1. */
  backendPort: number;
  containerId: string;
}

/** A proxy running as a child process. */
export interface Proxy {
  port: number;
  pid: number;
}

function dockerFrom(host: string): Docker {
  return new Docker(dockerConnectionOptions(host));
}

/** The engine DOCKER_HOST names, once it answers, and that address (spawner is given it too). */
export async function engineFromEnv(): Promise<{ docker: Docker; dockerHost: string }> {
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost) throw new Error('set DOCKER_HOST to a running Docker engine');
  const docker = dockerFrom(dockerHost);
  await docker.ping();
  return { docker, dockerHost };
}

/**
 * With two CPUs or more, the load generator gets CPU 0 to itself and whatever serves shares
 * CPU 1, so what a server costs shows as throughput it takes from the others; undefined: no
 * pinning (one CPU, or `--no-pin`).
 */
export function cpuPinning(noPin: boolean): { load?: string; serve?: string } {
  return !noPin && availableParallelism() >= 2 ? { load: '0', serve: '1' } : {};
}

/**
 * spawner in this process on a loopback port, with a fresh SQLite file, one user signed in
 * (session made through the store, no mail) and that user's `dev` container running.
 */
export async function startSpawner(
  cleanup: Cleanup,
  opts: { dir: string; dockerHost: string; image: string },
): Promise<Spawner> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: join(opts.dir, 'spawner.db'),
    DOCKER_HOST: opts.dockerHost,
    USER_TEMPLATE_IMAGE_DEV: opts.image,
    USER_TEMPLATE_IMAGE_PROD: opts.image,
    LOG_LEVEL: 'warn',
  });
  const app = await createApp(config, createLogger(config.logLevel, process.stderr));
  cleanup.add('close spawner', () => app.close());
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.http.server.address() as AddressInfo;

  const user = await new UserStore(app.db).findOrCreate(
    `proxybench-${randomBytes(3).toString('hex')}@example.com`,
  );
  const token = await new SessionService(app.db).create(user.id);
  // Registered before the launch, so a launch that fails halfway leaves nothing behind.
  cleanup.add('remove the benchmark container', async () => {
    const mine = await app.runtime.list({ userId: user.id });
    for (const c of mine) await app.runtime.remove(c.id);
  });
  const launched = await app.containers.launch(user, 'dev');
  return {
    app,
    port,
    slug: user.slug,
    token,
    backendPort: launched.endpoint.port,
    containerId: launched.containerId,
  };
}

/** JupyterHub's proxy with one route, `/{slug}-dev` to the container, prefix removed like spawner's. */
export async function startChp(
  cleanup: Cleanup,
  opts: { prefix: string; backendPort: number; cpus: string | undefined },
): Promise<Proxy> {
  const [port, apiPort] = [await freePort(), await freePort()];
  const apiToken = randomBytes(16).toString('hex');
  const child = startChild(
    cleanup,
    'configurable-http-proxy',
    process.execPath,
    [
      chpBin,
      ...['--ip', '127.0.0.1', '--port', String(port)],
      ...['--api-ip', '127.0.0.1', '--api-port', String(apiPort)],
      '--no-include-prefix',
      ...['--log-level', 'warn'],
    ],
    { cpus: opts.cpus, env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: apiToken } },
  );
  await waitForPort(apiPort);
  const res = await fetch(`http://127.0.0.1:${apiPort}/api/routes${opts.prefix}`, {
    method: 'POST',
    headers: { authorization: `token ${apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ target: `http://127.0.0.1:${opts.backendPort}` }),
  });
  if (res.status !== 201) throw new Error(`configurable-http-proxy route: ${res.status}`);
  await waitForPort(port);
  return { port, pid: child.pid! };
}

/**
 * Debian's nginx, one worker, keep-alive connections to its upstreams (round robin when several).
 * With `prefix`, an app proxy like spawner's: `location {prefix}/` to the upstream, the prefix and
 * the Authorization header removed. Without, a load balancer in front of spawner: every path to
 * the upstreams as it came, credentials included. `name` keeps two of them apart in one `dir`.
 */
export async function startNginx(
  cleanup: Cleanup,
  opts: {
    dir: string;
    upstreamPorts: number[];
    prefix?: string;
    cpus: string | undefined;
    name?: string;
  },
): Promise<Proxy> {
  const port = await freePort();
  const name = opts.name ?? 'nginx';
  const dir = join(opts.dir, name);
  await mkdir(dir, { recursive: true });
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, opts.upstreamPorts, opts.prefix));
  const child = startChild(
    cleanup,
    name,
    'nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
    { cpus: opts.cpus },
  );
  await waitForPort(port);
  return { port, pid: child.pid! };
}

function nginxConfig(
  dir: string,
  port: number,
  upstreamPorts: number[],
  prefix: string | undefined,
): string {
  const servers = upstreamPorts.map((p) => `server 127.0.0.1:${p};`).join(' ');
  const location =
    prefix === undefined
      ? `location / {
      proxy_pass http://backend;`
      : `location ${prefix}/ {
      proxy_pass http://backend/;
      proxy_set_header Authorization "";
      proxy_set_header X-Forwarded-Prefix ${prefix};`;
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream backend { ${servers} keepalive 64; }
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  server {
    listen 127.0.0.1:${port};
    ${location}
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}
