import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { removeContainers, removeVolumes, spawnerContainersOf } from '../lib/engineCleanup.js';
import { launchAtOnce, summarise, type Summary } from '../lib/launchAtOnce.js';
import { signIn } from '../lib/signIn.js';
import { startSpawnerProcess } from '../lib/spawnerProcess.js';
import type { Cleanup } from '../proxy/support.js';

/** N people launching at once on one runtime: how many launches a second it finished. */
export interface LaunchRate extends Summary {
  runtime: string;
  launches: number;
  /** Successful launches over the time to the last of them. */
  perSecond: number;
  firstError: string | undefined;
}

export interface LaunchSettings {
  count: number;
  type: string;
  timeoutMs: number;
}

/** The rate from the outcomes of one storm: successes over the seconds until the last one. */
export function launchRate(
  runtime: string,
  outcomes: Awaited<ReturnType<typeof launchAtOnce>>,
): LaunchRate {
  const summary = summarise(outcomes);
  const done = outcomes.length - summary.failures;
  return {
    runtime,
    launches: outcomes.length,
    ...summary,
    perSecond: summary.max ? done / (summary.max / 1000) : 0,
    firstError: outcomes.find((o) => o.error)?.error,
  };
}

/**
 * RUNTIME=docker: spawner as a process on a temp SQLite file (as in swarm mode, so the store is
 * the same on both sides), `count` people launching `type` at once; their containers and data
 * volumes are removed afterwards (and at cleanup, should the run fail).
 */
export async function dockerLaunchRate(
  cleanup: Cleanup,
  opts: { dir: string; docker: Docker; dockerHost: string; settings: LaunchSettings },
): Promise<LaunchRate> {
  const slugPrefix = `scale-launch-${randomBytes(3).toString('hex')}-`;
  const remove = async (): Promise<void> => {
    await removeContainers(opts.docker, await spawnerContainersOf(opts.docker, slugPrefix), 8);
    await removeVolumes(opts.docker, (v) => v.Name.startsWith(`user-${slugPrefix}`));
  };
  cleanup.add('remove the launched containers (docker)', remove);
  const database = { kind: 'sqlite' as const, path: join(opts.dir, 'launch-docker.db') };
  const spawner = await startSpawnerProcess(cleanup, 'spawner-docker', {
    DATABASE_URL: database.path,
    DOCKER_HOST: opts.dockerHost,
    IDLE_TIMEOUT_MINUTES: '0',
  });
  const { count, type, timeoutMs } = opts.settings;
  const emails = Array.from({ length: count }, (_, i) => `${slugPrefix}${i}@example.com`);
  const tokens = await signIn(database, emails);
  console.log(`docker: ${count} launches of ${type} at once`);
  const rate = launchRate('docker', await launchAtOnce(spawner.url, tokens, type, timeoutMs));
  await remove();
  return rate;
}
