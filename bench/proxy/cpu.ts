import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Cumulative CPU time (user + system) in milliseconds of whatever a probe watches. */
export type CpuProbe = () => number;

/** This process: spawner runs in it, and nothing else here works while wrk runs. */
export const thisProcess: CpuProbe = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Several probes as one: the CPU time of all of them together. */
export function sumOf(probes: CpuProbe[]): CpuProbe {
  return () => probes.reduce((sum, probe) => sum + probe(), 0);
}

let ticksPerSecond: number | undefined;

/** A child process and its own children (nginx's worker), read from /proc. */
export function processTree(pid: number): CpuProbe {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const hz = ticksPerSecond;
  return () => treeOf(pid).reduce((sum, p) => sum + (ticksOf(p) * 1000) / hz, 0);
}

function treeOf(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean),
  );
  return [pid, ...children.flatMap((c) => treeOf(Number(c)))];
}

function ticksOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at field 3; utime, stime are 14, 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
