import { median } from '../proxy/report.js';
import type { LaunchRate } from './launches.js';
import {
  ENDPOINTS,
  LOADS,
  type Endpoint,
  type Load,
  type ReplicaRound,
  type Setup,
} from './replicas.js';

const CPU_GOAL = 1.1;
const LAUNCH_GOAL = 0.8;
const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

const med = (rounds: ReplicaRound[], f: (r: ReplicaRound) => number): number =>
  median(rounds.map(f));
/** two/one per round (measured back to back), then the median of those. */
const cpuRatios = (rounds: ReplicaRound[], e: Endpoint, load: Load): number[] =>
  rounds.map(
    (r) => r['two replicas'][e][load].cpuUsPerRequest! / r['one replica'][e][load].cpuUsPerRequest!,
  );

/**
 * Per endpoint: req/s at full load and spawner's CPU per request (both processes) at full load
 * and paced, with one and two replicas, medians over rounds; two/one is the median of the rounds'.
 */
export function replicaTable(rounds: ReplicaRound[]): string {
  const lines = [
    '| endpoint | load | req/s, one replica | req/s, two replicas | spawner CPU/request, one | spawner CPU/request, two | CPU two / one |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const e of ENDPOINTS) {
    for (const load of LOADS) {
      const at = (setup: Setup, key: 'requestsPerSecond' | 'cpuUsPerRequest'): number =>
        med(rounds, (r) => r[setup][e][load][key]!);
      lines.push(
        `| ${e} | ${load} | ${Math.round(at('one replica', 'requestsPerSecond'))} | ` +
          `${Math.round(at('two replicas', 'requestsPerSecond'))} | ` +
          `${Math.round(at('one replica', 'cpuUsPerRequest'))} µs | ${Math.round(at('two replicas', 'cpuUsPerRequest'))} µs | ` +
          `${median(cpuRatios(rounds, e, load)).toFixed(2)}× |`,
      );
    }
  }
  return lines.join('\n');
}

/**
 * The goal is judged at full load, where CPU per request decides capacity; paced is shown beside
 * it (there a turn of the event loop serves fewer requests when two processes split them).
 */
export function replicaGoals(rounds: ReplicaRound[]): string {
  return ENDPOINTS.map((e) => {
    const ratios = cpuRatios(rounds, e, 'full');
    const m = median(ratios);
    const paced = median(cpuRatios(rounds, e, 'paced'));
    return (
      `CPU per ${e} request at full load, two replicas ≤ ${CPU_GOAL}× one: ${m.toFixed(2)}× ` +
      `(rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}) — ${verdict(m <= CPU_GOAL)}; ` +
      `paced ${paced.toFixed(2)}×`
    );
  }).join('\n');
}

const seconds = (ms: number | undefined): string =>
  ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;

export function launchTable(rates: LaunchRate[]): string {
  const lines = [
    '| runtime | launches at once | launches/s | p50 | p95 | last | failures |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rates) {
    lines.push(
      `| ${r.runtime} | ${r.launches} | ${r.perSecond.toFixed(2)} | ${seconds(r.p50)} | ${seconds(r.p95)} | ` +
        `${seconds(r.max)} | ${r.failures} |`,
    );
  }
  return lines.join('\n');
}

/** swarm against docker, or why there is no swarm figure. */
export function launchGoal(docker: LaunchRate, swarm: LaunchRate | string): string {
  if (typeof swarm === 'string') {
    return `launches/s on swarm ≥ ${LAUNCH_GOAL}× docker: not measured (${swarm})`;
  }
  const ratio = swarm.perSecond / docker.perSecond;
  const clean = docker.failures === 0 && swarm.failures === 0;
  return (
    `launches/s on swarm ≥ ${LAUNCH_GOAL}× docker: ${ratio.toFixed(2)}× — ` +
    verdict(clean && ratio >= LAUNCH_GOAL) +
    (clean ? '' : ' (launches failed)')
  );
}
