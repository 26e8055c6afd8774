import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
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
  /** The image of the one template both runtimes launch (key LAUNCH_TEMPLATE). */
  image: string;
  /** Its memory limit (`128m`) and CPU limit; Swarm reserves a quarter of each per app. */
  memory: string;
  cpus: number;
  timeoutMs: number;
  /** TEMPLATES_FILE with that template, in the run's temp directory (writeLaunchTemplate). */
  templatesFile: string;
}

export const LAUNCH_TEMPLATE = 'bench';

/**
 * The template both runtimes launch, as a TEMPLATES_FILE in `dir`. Its own, with small limits:
 * Swarm's scheduler places an app only where a quarter of its limits is still free to reserve,
 * so with the `dev` template's 1 CPU a 2-CPU node takes 8 apps and the rest of a larger storm
 * would wait for room instead of being measured.
 */
export function writeLaunchTemplate(dir: string, s: Omit<LaunchSettings, 'templatesFile'>): string {
  const path = join(dir, 'launch-templates.json');
  const template = {
    key: LAUNCH_TEMPLATE,
    image: s.image,
    display_name: 'Launch benchmark',
    memory: s.memory,
    cpus: s.cpus,
    data_path: '/data',
  };
  writeFileSync(path, JSON.stringify({ templates: [template] }));
  return path;
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
 * the same on both sides), `count` people launching the template at once; their containers and data
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
    TEMPLATES_FILE: opts.settings.templatesFile,
  });
  const { count, timeoutMs } = opts.settings;
  const emails = Array.from({ length: count }, (_, i) => `${slugPrefix}${i}@example.com`);
  const tokens = await signIn(database, emails);
  console.log(`docker: ${count} launches at once`);
  const outcomes = await launchAtOnce(spawner.url, tokens, LAUNCH_TEMPLATE, timeoutMs);
  const rate = launchRate('docker', outcomes);
  await remove();
  return rate;
}
