import type { LoadResult } from './wrk.js';
import type { RoundTrips } from './websocket.js';

export const TARGETS = ['direct', 'spawner', 'configurable-http-proxy', 'nginx'] as const;
export type Target = (typeof TARGETS)[number];
export type Round = Record<Target, LoadResult>;

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function cpuOf(rounds: Round[], t: Target): string {
  const values = rounds.map((r) => r[t].cpuUsPerRequest).filter((v) => v !== undefined);
  return values.length ? `${Math.round(median(values))} µs` : '—';
}

const ms = (n: number): string => `${n.toFixed(2)} ms`;
const ratio = (n: number): string => `${n.toFixed(2)}×`;

/** The table: per target, the median over rounds of req/s, p50 and p99, the req/s spread, the ratio to direct. */
export function loadTable(rounds: Round[]): string {
  const med = (t: Target, key: 'requestsPerSecond' | 'p50Ms' | 'p99Ms'): number =>
    median(rounds.map((r) => r[t][key]));
  const direct = med('direct', 'requestsPerSecond');
  const lines = [
    '| target | req/s | p50 | p99 | req/s min–max | ratio to direct | proxy CPU per request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const t of TARGETS) {
    const rps = rounds.map((r) => r[t].requestsPerSecond);
    lines.push(
      `| ${t} | ${Math.round(med(t, 'requestsPerSecond'))} | ${ms(med(t, 'p50Ms'))} | ${ms(med(t, 'p99Ms'))} | ` +
        `${Math.round(Math.min(...rps))}–${Math.round(Math.max(...rps))} | ${ratio(med(t, 'requestsPerSecond') / direct)} | ${cpuOf(rounds, t)} |`,
    );
  }
  return lines.join('\n');
}

/** spawner against its peers: throughput and p99 ratios, median over rounds, with each round's. */
export function goals(rounds: Round[]): string {
  const per = (peer: Target, key: 'requestsPerSecond' | 'p99Ms'): number[] =>
    rounds.map((r) => r.spawner[key] / r[peer][key]);
  const line = (label: string, values: number[], goal: string, met: boolean): string =>
    `${label}: ${ratio(median(values))} (rounds: ${values.map(ratio).join(', ')}); goal ${goal}: ${met ? 'met' : 'NOT met'}`;
  const chpRps = per('configurable-http-proxy', 'requestsPerSecond');
  const chpP99 = per('configurable-http-proxy', 'p99Ms');
  const nginxRps = per('nginx', 'requestsPerSecond');
  return [
    line('spawner / configurable-http-proxy req/s', chpRps, '≥ 1.50×', median(chpRps) >= 1.5),
    line('spawner / configurable-http-proxy p99', chpP99, '≤ 1.00×', median(chpP99) <= 1),
    line('spawner / nginx req/s', nginxRps, '≥ 0.60×', median(nginxRps) >= 0.6),
  ].join('\n');
}

export function wsTable(results: Array<[Target, RoundTrips]>): string {
  const lines = ['| WebSocket echo via | median round trip | p99 |', '| --- | ---: | ---: |'];
  for (const [t, r] of results) lines.push(`| ${t} | ${ms(r.medianMs)} | ${ms(r.p99Ms)} |`);
  return lines.join('\n');
}
