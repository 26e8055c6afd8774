import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/** A child process the harness started, known by its pid, its output kept in a file. */
export interface RunningProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly exitCode: () => number | null;
  /** Sends `signal` and waits for the exit (SIGKILL after 10 s when another signal is ignored). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  log(): Promise<string>;
}

/** Starts `command` with its output going to `logFile`. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): RunningProcess {
  const out = createWriteStream(options.logFile);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exitCode = () => child.exitCode ?? (child.signalCode ? -1 : null);

  return {
    name,
    pid: child.pid,
    logFile: options.logFile,
    exitCode,
    async kill(signal = 'SIGTERM') {
      if (exitCode() !== null) return;
      process.kill(child.pid!, signal);
      const gaveUp = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), 10_000).unref()),
      ]);
      if (gaveUp) {
        process.kill(child.pid!, 'SIGKILL');
        await exited;
      }
    },
    log: () => readFile(options.logFile, 'utf8'),
  };
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object'
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Polls `check` until it gives a value other than undefined/false; fails after `timeoutMs` with
 * `what` in the message. Tests wait for conditions this way, never for a fixed time.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${cause}`);
}

/** Waits until `url` answers 2xx; fails at once, with the log, when the process exits first. */
export async function waitUntilAnswering(started: RunningProcess, url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const code = started.exitCode();
    if (code !== null) throw new Error(`${started.name} exited (${code}):\n${await started.log()}`);
    const answered = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (answered) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${started.name} did not answer at ${url} within 60 s:\n${await started.log()}`);
}
