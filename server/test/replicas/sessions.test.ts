import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesReceived } from './client.js';
import { startReplicas, type Replicas, type TestUser } from './harness.js';
import { waitFor } from './processes.js';

let cluster: Replicas;
beforeAll(async () => {
  cluster = await startReplicas();
});
afterAll(() => cluster?.close());

/** Whether replica b lets the person in (it remembers a looked-up session for a while). */
const meOnB = async (user: TestUser) => (await user.fetch(cluster.b.url, '/api/auth/me')).status;

/** Runs `act` on replica a, then waits until b has heard of it on the sessions channel. */
async function onANoticedByB(act: () => Promise<Response>): Promise<void> {
  const before = await messagesReceived(cluster, cluster.b, 'sessions');
  const res = await act();
  expect(res.ok, `${res.status} ${await res.text()}`).toBe(true);
  await waitFor(
    'replica b to receive the sessions message (spawner_cluster_messages_received_total{channel="sessions"} to rise)',
    async () => (await messagesReceived(cluster, cluster.b, 'sessions')) > before,
  );
}

// Requests go to each replica's own port: which replica answers is the point.
describe('sessions ended on one replica, on the other', () => {
  it('refuses a token signed out on replica a at its next request to replica b', async () => {
    const user = await cluster.signIn('leaver');
    expect(await meOnB(user)).toBe(200);
    await onANoticedByB(() => user.fetch(cluster.a.url, '/api/auth/logout', { method: 'POST' }));
    expect(await meOnB(user)).toBe(401);
  });

  it('refuses a person blocked on replica a at their next request to replica b', async () => {
    const admin = await cluster.signIn('admin');
    const user = await cluster.signIn('blocked');
    expect(await meOnB(user)).toBe(200);
    await onANoticedByB(() =>
      admin.fetch(cluster.a.url, `/api/admin/users/${user.id}/block`, { method: 'POST' }),
    );
    expect(await meOnB(user)).toBe(401);
  });
});
