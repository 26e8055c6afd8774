import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Undo steps run last-in first-out, each at most once, whatever failed before. */
export class Cleanup {
  private readonly steps: Array<{ name: string; run: () => Promise<void> | void }> = [];

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  async runAll(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (err) {
        console.error(`cleanup: ${step.name} failed: ${String(err)}`);
      }
    }
  }
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves once something accepts TCP connections on the loopback port. */
export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(true));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await sleep(50);
  }
}

/**
 * Starts a long-running child (optionally pinned to a CPU list) and registers its stop: SIGTERM,
 * then SIGKILL if it is still there after two seconds. Its output goes to our stderr.
 */
export function startChild(
  cleanup: Cleanup,
  name: string,
  command: string,
  args: string[],
  options: { cpus?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ChildProcess {
  const [file, argv] = options.cpus
    ? ['taskset', ['-c', options.cpus, command, ...args]]
    : [command, args];
  const child = spawn(file, argv, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Both streams: spawner logs its warnings to stdout.
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString()}`));
  }
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`[${name}] exited early (${signal ?? code})`);
  });
  let stopping = false;
  cleanup.add(`stop ${name}`, async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  });
  return child;
}

/** "machine: 2 × CPU, Node v20, load average 1.23": the first line of every benchmark's report. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `machine: ${cpus().length} × ${cpu}, Node ${process.version}, load average ${loadavg()[0]!.toFixed(2)}`;
}

/**
 * Runs a benchmark's main with a Cleanup that runs however it ends: done, failed, or stopped
 * by SIGINT/SIGTERM (then the process exits 130 once everything is removed).
 */
export async function runBenchmark(main: (cleanup: Cleanup) => Promise<void>): Promise<void> {
  const cleanup = new Cleanup();
  let exiting = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (exiting) return;
      exiting = true;
      console.error(`\n${signal}: cleaning up`);
      void cleanup.runAll().finally(() => process.exit(130));
    });
  }
  try {
    await main(cleanup);
  } catch (err) {
    // After a signal the handler reports and exits; what main was doing then is moot.
    if (!exiting) console.error(err);
    process.exitCode = 1;
  } finally {
    if (!exiting) await cleanup.runAll();
  }
}
