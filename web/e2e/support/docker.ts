import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The engine the spawner under test uses; the machine's shared one by default. */
export const dockerHost = process.env.DOCKER_HOST ?? 'unix:///tmp/dk/docker.sock';

/** Runs the docker CLI against that engine (only the harness does; the app uses dockerode). */
async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, {
    env: { ...process.env, DOCKER_HOST: dockerHost },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

export async function imageExists(image: string): Promise<boolean> {
  try {
    await docker('image', 'inspect', '--format', '{{.Id}}', image);
    return true;
  } catch {
    return false;
  }
}

/** Removes the managed containers whose names hold this run's id (its users' slugs do). */
export async function removeRunContainers(runId: string): Promise<string[]> {
  const lines = await docker(
    'ps',
    '-a',
    '--filter',
    'label=spawner.managed=true',
    '--format',
    '{{.ID}} {{.Names}}',
  );
  const ids = lines
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '))
    .filter(([, name]) => name?.includes(runId))
    .map(([id]) => id!);
  if (ids.length > 0) await docker('rm', '-f', '-v', ...ids);
  await removeRunVolumes(runId);
  return ids;
}

/** Removes the data volumes of this run's users (their slugs hold the run id). */
async function removeRunVolumes(runId: string): Promise<void> {
  const lines = await docker(
    'volume',
    'ls',
    '--filter',
    'label=spawner.managed=true',
    '--format',
    '{{.Name}}',
  );
  const names = lines.split('\n').filter((name) => name.includes(runId));
  if (names.length > 0) await docker('volume', 'rm', '-f', ...names);
}
