import type { LaunchResponse } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containersOf } from '../helpers/docker.js';
import { startReplicas, type Replicas } from './harness.js';

let cluster: Replicas;
beforeAll(async () => {
  cluster = await startReplicas();
});
afterAll(() => cluster?.close());

describe('two replicas behind nginx, one user launching at once', () => {
  it('makes one container of 20 simultaneous launches spread over both replicas', async () => {
    const user = await cluster.signIn('storm');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        user.fetch(cluster.nginx.url, '/api/container/launch/echo', { method: 'POST' }),
      ),
    );
    const bodies = await Promise.all(
      answers.map(async (res) => ({
        status: res.status,
        body: (await res.json()) as LaunchResponse,
      })),
    );
    expect(bodies.map((b) => b.status)).toEqual(Array(20).fill(200));
    const first = bodies[0]!.body;
    expect(first.service_url).toBe(`${cluster.nginx.url}/${user.slug}-echo`);
    for (const { body } of bodies) {
      expect(body).toMatchObject({
        service_url: first.service_url,
        container_id: first.container_id,
        status: 'running',
      });
    }

    // Round robin: both replicas took part.
    const upstreams = new Set(await cluster.nginx.upstreamsOf(/^\/api\/container\/launch\//));
    expect(upstreams).toEqual(new Set([cluster.a.url, cluster.b.url].map((u) => new URL(u).host)));

    const engine = await containersOf(cluster.tag);
    expect(engine.map((c) => c.Id)).toEqual([first.container_id]);
  });
});
