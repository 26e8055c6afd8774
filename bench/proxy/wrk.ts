import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CpuProbe } from './cpu.js';

const run = promisify(execFile);
const pacedScript = fileURLToPath(new URL('./paced.lua', import.meta.url));

export interface LoadSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** CPU list for the load generator (taskset), or undefined to let it float. */
  cpus: string | undefined;
  headers: Record<string, string>;
  /**
   * Each connection waits this long before each request (bench/proxy/paced.lua): a steady rate
   * below saturation. Unset: as fast as the server answers.
   */
  paceMs?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** CPU time the proxy spent per request during the measured run, when it is watched. */
  cpuUsPerRequest: number | undefined;
}

/** A warm-up run, then the measured run, both with the same connections and headers. */
export async function measure(
  url: string,
  settings: LoadSettings,
  cpu?: CpuProbe,
): Promise<LoadResult> {
  if (settings.warmupSeconds > 0) await wrk(url, settings, settings.warmupSeconds);
  const before = cpu?.();
  const result = await wrk(url, settings, settings.seconds);
  if (cpu && before !== undefined) {
    result.cpuUsPerRequest = ((cpu() - before) * 1000) / result.requests;
  }
  return result;
}

async function wrk(url: string, settings: LoadSettings, seconds: number): Promise<LoadResult> {
  const args = [
    '--latency',
    '-t1',
    `-c${settings.connections}`,
    `-d${seconds}s`,
    '--timeout',
    '5s',
    ...(settings.paceMs ? ['-s', pacedScript] : []),
    ...Object.entries(settings.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    url,
  ];
  const [file, argv] = settings.cpus
    ? ['taskset', ['-c', settings.cpus, 'wrk', ...args]]
    : ['wrk', args];
  const { stdout } = await run(file, argv, {
    timeout: (seconds + 30) * 1000,
    env: { ...process.env, WRK_PACE_MS: String(settings.paceMs ?? 0) },
  });
  return parseWrk(stdout, url);
}

/** Reads wrk's text report; a run with failed or non-2xx responses is an error, not a figure. */
function parseWrk(out: string, url: string): LoadResult {
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (bad) throw new Error(`${url}: ${bad[1]} responses were not 2xx/3xx`);
  const errors = /Socket errors: (.*)/.exec(out);
  if (errors) throw new Error(`${url}: socket errors (${errors[1]})`);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const p50 = /^\s+50%\s+([\d.]+)(us|ms|s)\s*$/m.exec(out);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(out);
  const total = /(\d+) requests in/.exec(out);
  if (!rps || !p50 || !p99 || !total) throw new Error(`cannot read wrk's report:\n${out}`);
  return {
    requestsPerSecond: Number(rps[1]),
    p50Ms: toMs(p50[1]!, p50[2]!),
    p99Ms: toMs(p99[1]!, p99[2]!),
    requests: Number(total[1]),
    cpuUsPerRequest: undefined,
  };
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : n;
}
