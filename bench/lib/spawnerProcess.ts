import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Cleanup, freePort, startChild } from '../proxy/support.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** spawner as a process of its own: what an operator runs, one replica of several. */
export interface SpawnerProcess {
  name: string;
  pid: number;
  port: number;
  url: string;
}

/**
 * Runs server/src/main.ts under tsx (or, `built`, server/dist/main.js as `npm start` does: what
 * an operator runs, without the loader's memory) on a free loopback port with `env` on top of
 * ours (optionally pinned to a CPU list), stopped at cleanup; resolves once `/readyz` answers
 * 200, so its schema is migrated and its engine reachable.
 */
export async function startSpawnerProcess(
  cleanup: Cleanup,
  name: string,
  env: Record<string, string>,
  opts: { cpus?: string; built?: boolean } = {},
): Promise<SpawnerProcess> {
  const port = await freePort();
  const child = startChild(
    cleanup,
    name,
    process.execPath,
    opts.built ? ['server/dist/main.js'] : ['--import', 'tsx', 'server/src/main.ts'],
    {
      cwd: repoRoot,
      cpus: opts.cpus,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited before it was ready`);
    }
    const status = await fetch(`${url}/readyz`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return { name, pid: child.pid!, port, url };
    if (Date.now() > deadline) throw new Error(`${name}: /readyz not 200 within 60 s`);
    await sleep(200);
  }
}
