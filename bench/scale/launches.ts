import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { removeContainers, removeVolumes, spawnerContainersOf } from '../lib/engineCleanup.js';
import type { Config } from '../../server/src/config.js';
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

const LAUNCH_TEMPLATE = 'bench';

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
function launchRate(
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

/** One runtime ready to be measured: each call is one storm of new people, whose containers and volumes are removed afterwards. */
export type LaunchStorm = () => Promise<LaunchRate>;

/**
 * A storm after another on one spawner: `count` new people each time (signed in on `database`)
 * launch the template at once through `url`; `remove` clears the engine again before the next.
 */
export function stormsOn(
  runtime: string,
  target: {
    url: string;
    database: Config['database'];
    slugPrefix: string;
    remove: () => Promise<void>;
  },
  settings: LaunchSettings,
): LaunchStorm {
  let storms = 0;
  return async () => {
    const prefix = `${target.slugPrefix}${++storms}-`;
    const emails = Array.from({ length: settings.count }, (_, i) => `${prefix}${i}@example.com`);
    const tokens = await signIn(target.database, emails);
    const outcomes = await launchAtOnce(target.url, tokens, LAUNCH_TEMPLATE, settings.timeoutMs);
    await target.remove();
    return launchRate(runtime, outcomes);
  };
}

/**
 * RUNTIME=docker: spawner as a process on a temp SQLite file (as in swarm mode, so the store is
 * the same on both sides); its storms' containers and data volumes are removed after each (and
 * at cleanup, should the run fail).
 */
export async function dockerStorms(
  cleanup: Cleanup,
  opts: { dir: string; docker: Docker; dockerHost: string; settings: LaunchSettings },
): Promise<LaunchStorm> {
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
  return stormsOn('docker', { url: spawner.url, database, slugPrefix, remove }, opts.settings);
}
