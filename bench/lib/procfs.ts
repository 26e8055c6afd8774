import { readFileSync, readdirSync } from 'node:fs';

/** Resident memory of a process in bytes (VmRSS), 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every process's id and command line (arguments joined by spaces), read once. */
export function processes(): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      found.push({ pid: Number(entry), command });
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/** The machine's memory that programs can still have (MemAvailable), in bytes. */
export function availableMemory(): number {
  const kb = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** A Docker container's memory as its cgroup (v1, cgroupfs driver) counts it, or undefined. */
export function containerMemory(id: string): { rss: number; usage: number } | undefined {
  try {
    const dir = `/sys/fs/cgroup/memory/docker/${id}`;
    const stat = readFileSync(`${dir}/memory.stat`, 'utf8');
    const rss = Number(/^total_rss (\d+)$/m.exec(stat)?.[1] ?? 0);
    const usage = Number(readFileSync(`${dir}/memory.usage_in_bytes`, 'utf8').trim());
    return { rss, usage };
  } catch {
    return undefined;
  }
}
