import { median } from '../proxy/report.js';
import type { LaunchRate } from './launches.js';
import { ENDPOINTS, type Endpoint, type ReplicaRound, type Setup } from './replicas.js';

const CPU_GOAL = 1.1;
const LAUNCH_GOAL = 0.8;
const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

const rps = (rounds: ReplicaRound[], setup: Setup, e: Endpoint): number =>
  median(rounds.map((r) => r[setup][e].requestsPerSecond));
const cpu = (rounds: ReplicaRound[], setup: Setup, e: Endpoint): number =>
  median(rounds.map((r) => r[setup][e].cpuUsPerRequest!));
/** two/one per round (measured back to back), then the median of those. */
const cpuRatios = (rounds: ReplicaRound[], e: Endpoint): number[] =>
  rounds.map((r) => r['two replicas'][e].cpuUsPerRequest! / r['one replica'][e].cpuUsPerRequest!);

/** Per endpoint: req/s and spawner CPU per request with one and two replicas, medians over rounds. */
export function replicaTable(rounds: ReplicaRound[]): string {
  const lines = [
    '| endpoint | req/s, one replica | req/s, two replicas | spawner CPU/request, one | spawner CPU/request, two | CPU two / one |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const e of ENDPOINTS) {
    lines.push(
      `| ${e} | ${Math.round(rps(rounds, 'one replica', e))} | ${Math.round(rps(rounds, 'two replicas', e))} | ` +
        `${Math.round(cpu(rounds, 'one replica', e))} µs | ${Math.round(cpu(rounds, 'two replicas', e))} µs | ` +
        `${median(cpuRatios(rounds, e)).toFixed(2)}× |`,
    );
  }
  return lines.join('\n');
}

export function replicaGoals(rounds: ReplicaRound[]): string {
  return ENDPOINTS.map((e) => {
    const ratios = cpuRatios(rounds, e);
    const m = median(ratios);
    return (
      `CPU per ${e} request, two replicas ≤ ${CPU_GOAL}× one: ${m.toFixed(2)}× ` +
      `(rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}) — ${verdict(m <= CPU_GOAL)}`
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
