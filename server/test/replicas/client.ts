import type { LaunchResponse, ProgressEvent } from '@spawner/api';
import { parsePrometheusText } from '../helpers/prometheusText.js';
import type { Replica, Replicas, TestUser } from './harness.js';

/**
 * How many cluster messages `replica` has received on `channel`
 * (`spawner_cluster_messages_received_total{channel}` in its /metrics; 0 before the first).
 */
export async function messagesReceived(
  cluster: Replicas,
  replica: Replica,
  channel: string,
): Promise<number> {
  const res = await fetch(`${replica.url}/metrics`, {
    headers: { authorization: `Bearer ${cluster.metricsToken}` },
  });
  if (!res.ok) throw new Error(`replica ${replica.name} /metrics: ${res.status}`);
  const family = parsePrometheusText(await res.text()).get(
    'spawner_cluster_messages_received_total',
  );
  return (family?.samples ?? [])
    .filter((sample) => sample.labels.channel === channel)
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** The `data` of every event of a server-sent event stream, once the server has ended it. */
export async function eventsOf(res: Response): Promise<ProgressEvent[]> {
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
    throw new Error(`not an event stream: ${res.status} ${await res.text()}`);
  }
  const text = await res.text();
  return [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as ProgressEvent);
}

/** Answers a client that retries treats as "try again": the balancer's, or none at all. */
const RETRIED = new Set([502, 503, 504]);

/**
 * Launches as a client that retries would: on a gateway error or a dropped connection it asks
 * again, until an answer or the deadline. Returns the answer and how many tries it took.
 */
export async function launchRetrying(
  user: TestUser,
  base: string,
  type: string,
  deadlineMs = 90_000,
): Promise<{ status: number; body: LaunchResponse; tries: number }> {
  const deadline = Date.now() + deadlineMs;
  for (let tries = 1; ; tries++) {
    const res = await user
      .fetch(base, `/api/container/launch/${type}`, { method: 'POST' })
      .catch(() => undefined);
    if (res && !RETRIED.has(res.status)) {
      return { status: res.status, body: (await res.json()) as LaunchResponse, tries };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${user.email}: no answer but ${res?.status ?? 'a dropped connection'} after ${tries} tries`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
