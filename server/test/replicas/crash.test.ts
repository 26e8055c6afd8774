import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containersOf } from '../helpers/docker.js';
import { launchRetrying } from './client.js';
import { slowTemplate, startReplicas, type Replicas, type TestUser } from './harness.js';
import { waitFor } from './processes.js';

let cluster: Replicas;
beforeAll(async () => {
  cluster = await startReplicas({
    // An app that takes a while to answer keeps launches in flight when the replica dies.
    templates: [slowTemplate(5000)],
  });
});
afterAll(() => cluster?.close());

describe('a replica killed during launches', () => {
  it('gives every client that retries its one container: no duplicate, no orphan', async () => {
    const users = await Promise.all(
      ['crash0', 'crash1', 'crash2', 'crash3', 'crash4', 'crash5'].map((n) => cluster.signIn(n)),
    );
    const first = users[0]!;
    // The first person also asks replica a itself, so a dies with a launch of its own under
    // way; every person asks twice through nginx, which spreads the asks over both replicas.
    const direct = first
      .fetch(cluster.a.url, '/api/container/launch/slow', { method: 'POST' })
      .catch(() => undefined);
    const ask = (user: TestUser) => launchRetrying(user, cluster.nginx.url, 'slow');
    const asked = users.map((user) => Promise.all([ask(user), ask(user)]));
    await waitFor('replica a to create the first container', async () =>
      (await containersOf(cluster.tag)).some(
        (c) => c.Labels['spawner.user-id'] === String(first.id),
      ),
    );
    await cluster.a.process.kill('SIGKILL');
    await direct;
    const answers = await Promise.all(asked);

    for (const [i, pair] of answers.entries()) {
      for (const answer of pair) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(answer.body.service_url).toBe(`${cluster.nginx.url}/${users[i]!.slug}-slow`);
        expect(answer.body.container_id).toBe(pair[0].body.container_id);
      }
    }
    // One engine container per person, the one their answer names, running.
    const engine = await containersOf(cluster.tag);
    expect(engine.map((c) => [Number(c.Labels['spawner.user-id']), c.Id, c.State]).sort()).toEqual(
      users.map((u, i) => [u.id, answers[i]![0].body.container_id, 'running']).sort(),
    );
    // The store agrees: a row for each container, no row for a container that is not there.
    const rows = await cluster.db
      .selectFrom('user_containers')
      .select(['user_id', 'container_id'])
      .where(
        'user_id',
        'in',
        users.map((u) => u.id),
      )
      .execute();
    expect(rows.map((r) => [r.user_id, r.container_id]).sort()).toEqual(
      engine.map((c) => [Number(c.Labels['spawner.user-id']), c.Id]).sort(),
    );
  });
});
