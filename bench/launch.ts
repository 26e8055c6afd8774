// How long `POST /api/container/launch/{type}` takes: cold (no container: create, start, wait
// until the app answers), from stopped (start, wait), and warm (already running).
//
//   DOCKER_HOST=unix:///path/docker.sock npm run bench:launch [-- type ...]   (default: dev prod)
//
// Uses the template images of the default templates (scripts/build-images.sh builds them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Docker from 'dockerode';
import { createApp } from '../server/src/app.js';
import { SessionService } from '../server/src/auth/sessions.js';
import { loadConfig } from '../server/src/config.js';
import { dockerConnectionOptions } from '../server/src/runtime/docker.js';
import { createLogger } from '../server/src/logging.js';
import { UserStore } from '../server/src/users/userStore.js';

const COLD_RUNS = 5;
const WARM_RUNS = 20;
const types = process.argv.slice(2).length ? process.argv.slice(2) : ['dev', 'prod'];

const dir = mkdtempSync(join(tmpdir(), 'spawner-bench-'));
const config = loadConfig({
  ...process.env,
  PORT: '0',
  DATABASE_URL: join(dir, 'spawner.db'),
  LOG_LEVEL: 'warn',
  IDLE_TIMEOUT_MINUTES: '0',
});
const app = await createApp(config, createLogger('warn'));
await app.http.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
const user = await new UserStore(app.db).findOrCreate(`bench-${Date.now()}@example.com`);
const token = await new SessionService(app.db).create(user.id);
const docker = new Docker(dockerConnectionOptions(config.dockerHost));

async function launch(type: string): Promise<{ ms: number; id: string }> {
  const started = performance.now();
  const res = await fetch(`${base}/api/container/launch/${type}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { container_id: string; message: string };
  if (res.status !== 200) throw new Error(`launch ${type}: ${res.status} ${body.message}`);
  return { ms: performance.now() - started, id: body.container_id };
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(0).padStart(5)} ms   min ${sorted[0]!.toFixed(0).padStart(5)} ms   max ${sorted.at(-1)!.toFixed(0).padStart(5)} ms   (n=${samples.length})`;
}

try {
  console.log(`launch times on ${config.dockerHost ?? 'the default engine'}`);
  for (const type of types) {
    const cold: number[] = [];
    const stopped: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const { ms, id } = await launch(type);
      cold.push(ms);
      await docker.getContainer(id).stop({ t: 2 });
      stopped.push((await launch(type)).ms);
      for (let j = 0; j < WARM_RUNS / COLD_RUNS; j++) warm.push((await launch(type)).ms);
      await docker.getContainer(id).remove({ force: true });
    }
    console.log(`${type.padEnd(5)} cold (create+start)  ${summary(cold)}`);
    console.log(`${type.padEnd(5)} from stopped         ${summary(stopped)}`);
    console.log(`${type.padEnd(5)} warm (running)       ${summary(warm)}`);
  }
} finally {
  for (const c of await docker.listContainers({
    all: true,
    filters: { label: [`spawner.user-id=${user.id}`] },
  })) {
    if (c.Names.some((n) => n.includes('bench-')))
      await docker.getContainer(c.Id).remove({ force: true });
  }
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
