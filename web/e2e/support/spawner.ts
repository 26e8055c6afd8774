import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { repoRoot } from './paths';

export interface RunningSpawner {
  /** Where the harness reaches it (loopback: Node does not resolve the test's host names). */
  localUrl: string;
  stop(): Promise<void>;
}

/**
 * Runs the real spawner (server/src/main.ts under tsx) with `env` on `port`, writing its output
 * to `logFile`; resolves once it answers. A spawner that exits or stays silent for a minute is a
 * failed start, with its log in the error.
 */
export async function startSpawner(
  port: number,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<RunningSpawner> {
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const localUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `the spawner exited (${child.exitCode}) before answering:\n${await readFile(logFile, 'utf8')}`,
      );
    }
    try {
      const res = await fetch(`${localUrl}/api/auth/me`);
      if (res.status === 401 || res.ok) return { localUrl, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the spawner did not answer within 60 s:\n${await readFile(logFile, 'utf8')}`);
}
