import { median } from '../proxy/report.js';
import type { LaunchRate } from './launches.js';
import { ENDPOINTS, LOADS, type Endpoint, type Load, type ReplicaRound } from './replicas.js';
import type { Setup } from './setups.js';

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
 * Per endpoint: req/s and the CPU per request of both processes (spawner's; the peer's on its
 * row), at full load and paced, with one and two, medians over rounds; two/one is the median of
 * the rounds'.
 */
export function replicaTable(rounds: ReplicaRound[]): string {
  const lines = [
    '| endpoint | load | req/s, one process | req/s, two processes | CPU/request, one | CPU/request, two | CPU two / one |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const e of ENDPOINTS) {
    for (const load of LOADS) {
      const at = (setup: Setup, key: 'requestsPerSecond' | 'cpuUsPerRequest'): number =>
        med(rounds, (r) => r[setup][e][load][key]!);
      lines.push(
        `| ${e === 'peer' ? 'peer (node:http)' : e} | ${load} | ${Math.round(at('one replica', 'requestsPerSecond'))} | ` +
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
  const line = (e: Endpoint): string => {
    const ratios = cpuRatios(rounds, e, 'full');
    const m = median(ratios);
    const paced = median(cpuRatios(rounds, e, 'paced'));
    const measured = `${m.toFixed(2)}× (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`;
    if (e === 'peer') {
      return (
        `Floor: a node:http server that only answers, split the same way: ${measured}; ` +
        `paced ${paced.toFixed(2)}×`
      );
    }
    return (
      `CPU per ${e} request at full load, two replicas ≤ ${CPU_GOAL}× one: ${measured} — ` +
      `${verdict(m <= CPU_GOAL)}; paced ${paced.toFixed(2)}×`
    );
  };
  return ENDPOINTS.map(line).join('\n');
}

const seconds = (ms: number | undefined): string =>
  ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;

/** One storm on each runtime, back to back; swarm's is why it has no figure when it failed. */
export interface LaunchRound {
  docker: LaunchRate;
  swarm: LaunchRate | string;
}

const withSwarm = (rounds: LaunchRound[]): Array<{ docker: LaunchRate; swarm: LaunchRate }> =>
  rounds.flatMap((r) =>
    typeof r.swarm === 'string' ? [] : [{ docker: r.docker, swarm: r.swarm }],
  );

/** Per runtime, the medians over rounds of each storm's figures; failures added up. */
export function launchTable(rounds: LaunchRound[]): string {
  const lines = [
    '| runtime | launches at once | rounds | launches/s | p50 | p95 | last | failures |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const sides = {
    docker: rounds.map((r) => r.docker),
    swarm: withSwarm(rounds).map((r) => r.swarm),
  };
  for (const [runtime, rates] of Object.entries(sides)) {
    if (rates.length === 0) continue;
    const at = (f: (r: LaunchRate) => number | undefined): number | undefined => {
      const known = rates.flatMap((r) => (f(r) === undefined ? [] : [f(r)!]));
      return known.length ? median(known) : undefined;
    };
    lines.push(
      `| ${runtime} | ${rates[0]!.launches} | ${rates.length} | ${at((r) => r.perSecond)!.toFixed(2)} | ` +
        `${seconds(at((r) => r.p50))} | ${seconds(at((r) => r.p95))} | ${seconds(at((r) => r.max))} | ` +
        `${rates.reduce((sum, r) => sum + r.failures, 0)} |`,
    );
  }
  return lines.join('\n');
}

/** swarm / docker per round (the two storms back to back), then the median of those. */
export function launchGoal(rounds: LaunchRound[]): string {
  const goal = `launches/s on swarm ≥ ${LAUNCH_GOAL}× docker`;
  const pairs = withSwarm(rounds);
  const failed = rounds.flatMap((r) => (typeof r.swarm === 'string' ? [r.swarm] : []))[0];
  if (pairs.length === 0) return `${goal}: not measured (${failed})`;
  const ratios = pairs.map((p) => p.swarm.perSecond / p.docker.perSecond);
  const m = median(ratios);
  const clean = pairs.every((p) => p.docker.failures === 0 && p.swarm.failures === 0);
  return (
    `${goal}: ${m.toFixed(2)}× (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}) — ` +
    verdict(clean && failed === undefined && m >= LAUNCH_GOAL) +
    (clean ? '' : ' (launches failed)') +
    (failed === undefined ? '' : ` (a swarm storm failed: ${failed})`)
  );
}
