import type { ProgressEvent } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf } from './client.js';
import { slowTemplate, startReplicas, type Replicas, type TestUser } from './harness.js';

let cluster: Replicas;
beforeAll(async () => {
  cluster = await startReplicas({
    // The app waits before it answers: the launch stays in flight while b's stream is opened.
    templates: [slowTemplate(6000)],
  });
});
afterAll(() => cluster?.close());

const PHASES: ProgressEvent['phase'][] = ['queued', 'creating', 'starting', 'waiting', 'ready'];

/**
 * Replica b's progress stream, opened again while it only says `idle` (b has not heard of the
 * launch yet) and the launch is still under way.
 */
async function streamOnB(user: TestUser, launched: () => boolean): Promise<ProgressEvent[]> {
  for (;;) {
    const events = await eventsOf(await user.fetch(cluster.b.url, '/api/container/slow/progress'));
    if (events[0]?.phase !== 'idle') return events;
    if (launched())
      throw new Error(`replica b never saw the launch in flight: ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a launch on replica a, watched on replica b', () => {
  it('streams its phases on b until ready', async () => {
    const user = await cluster.signIn('watched');
    let done = false;
    const launch = user
      .fetch(cluster.a.url, '/api/container/launch/slow', { method: 'POST' })
      .finally(() => (done = true));
    const events = await streamOnB(user, () => done);
    expect((await launch).status).toBe(200);

    const phases = events.map((e) => e.phase);
    // The phases in their order (each once, but `waiting` once a second), ending with ready.
    const order = phases.map((p) => PHASES.indexOf(p));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(order).not.toContain(-1);
    expect(phases).toContain('waiting');
    expect(events.at(-1)).toEqual({
      phase: 'ready',
      service_url: `${cluster.nginx.url}/${user.slug}-slow`,
    });
  });
});
