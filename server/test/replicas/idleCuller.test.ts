import type { LaunchResponse } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { docker } from '../helpers/docker.js';
import { startReplicas, type Replica, type Replicas, type TestUser } from './harness.js';
import { waitFor } from './processes.js';

let cluster: Replicas;
beforeAll(async () => {
  cluster = await startReplicas({ env: { IDLE_TIMEOUT_MINUTES: '1', IDLE_CHECK_SECONDS: '1' } });
});
afterAll(() => cluster?.close());

async function launch(user: TestUser): Promise<string> {
  const res = await user.fetch(cluster.nginx.url, '/api/container/launch/echo', { method: 'POST' });
  expect(res.status).toBe(200);
  return ((await res.json()) as LaunchResponse).container_id;
}

/** Makes the person's container look unused for an hour, past IDLE_TIMEOUT_MINUTES. */
async function age(user: TestUser): Promise<void> {
  await cluster.db
    .updateTable('user_containers')
    .set({ last_used: new Date(Date.now() - 3_600_000).toISOString() })
    .where('user_id', '=', user.id)
    .execute();
}

const isRunning = async (id: string) => (await docker.getContainer(id).inspect()).State.Running;

/** The culler's "stopped idle container" log lines for this container, with their replica. */
async function idleStops(id: string): Promise<{ replica: Replica; time: number }[]> {
  const stops = [];
  for (const replica of [cluster.a, cluster.b]) {
    for (const line of await replica.logLines()) {
      if (line.msg === 'stopped idle container' && line.container === id)
        stops.push({ replica, time: Number(line.time) });
    }
  }
  return stops.sort((x, y) => x.time - y.time);
}

/**
 * Launches a new person's container, ages it and waits until the culler stops it: proof of a
 * culler pass that began after this call did. Returns the replica that stopped it, the leader.
 * (A new container each time: one started again keeps its aged row until its launch is done.)
 */
async function cullerPass(name: string): Promise<Replica> {
  const marker = await cluster.signIn(name);
  const id = await launch(marker);
  await age(marker);
  await waitFor('the culler to stop an idle container', async () => !(await isRunning(id)), 60_000);
  const stops = await waitFor('the culler\'s "stopped idle container" log line', async () => {
    const lines = await idleStops(id);
    return lines.length > 0 && lines;
  });
  return stops[0]!.replica;
}

/** Opens a WebSocket to the person's app through one replica and waits for the app's hello. */
async function openSocket(replica: Replica, user: TestUser): Promise<WebSocket> {
  const ws = new WebSocket(`${replica.url.replace('http', 'ws')}/${user.slug}-echo/socket`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** Sends a message and waits for the app's echo: the socket still reaches a running app. */
function echo(ws: WebSocket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    ws.once('message', (data: Buffer) => resolve(data.toString()));
    ws.once('close', () => reject(new Error('the WebSocket closed')));
    ws.send(text);
  });
}

describe('the idle culler with two replicas', () => {
  it('stops an idle container once, not once per replica', async () => {
    const since = Math.floor(Date.now() / 1000);
    const user = await cluster.signIn('idle');
    const id = await launch(user);
    await age(user);
    await waitFor(
      'the culler to stop the idle container',
      async () => !(await isRunning(id)),
      60_000,
    );
    // A later pass: a replica that culls too would have done so by now.
    await cullerPass('later');

    expect((await idleStops(id)).map((s) => s.replica.name)).toHaveLength(1);
    const events = await docker.getEvents({
      since,
      until: Math.ceil(Date.now() / 1000),
      filters: { container: [id], event: ['stop'] },
    });
    const text = await new Promise<string>((resolve, reject) => {
      let all = '';
      events.on('data', (chunk: Buffer) => (all += chunk.toString()));
      events.on('end', () => resolve(all));
      events.on('error', reject);
    });
    expect(text.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('never stops an app with a WebSocket open on the replica that does not lead', async () => {
    const leader = await cullerPass('marker1');
    const other = leader === cluster.a ? cluster.b : cluster.a;
    const user = await cluster.signIn('socket');
    const id = await launch(user);
    const ws = await openSocket(other, user);
    await age(user);
    // Two whole passes of the leader after the ageing.
    await cullerPass('marker2');
    await cullerPass('marker3');

    expect(await isRunning(id), `stopped with a WebSocket open on replica ${other.name}`).toBe(
      true,
    );
    expect(await echo(ws, 'still here')).toBe('still here');
    ws.close();
  });
});
