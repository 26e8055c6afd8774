import type { LaunchResponse } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionLeases } from '../src/containers/connectionLeases.js';
import { ReplicaPresence } from '../src/containers/replicaPresence.js';
import { IdleCullerTask } from '../src/jobs/idleCullerTask.js';
import { silentLog } from '../src/testing/fakePlatform.js';
import { agePresence, TEST_PRESENCE } from '../src/testing/replicas.js';
import { appState } from './helpers/engine.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

let t: TestApp;
let user: SignedIn;
let culler: IdleCullerTask;
beforeAll(async () => {
  t = await startTestApp({ IDLE_TIMEOUT_MINUTES: '30' });
  user = await t.signIn();
  culler = t.app.tasks.find((task): task is IdleCullerTask => task instanceof IdleCullerTask)!;
});
afterAll(() => t.close());

async function launchAndAge(type: string, minutesAgo: number): Promise<string> {
  const res = await user.fetch(`/api/container/launch/${type}`, { method: 'POST' });
  const { container_id: id } = (await res.json()) as LaunchResponse;
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  await t.app.db
    .updateTable('user_containers')
    .set({ last_used: at })
    .where('container_id', '=', id)
    .execute();
  return id;
}

const isRunning = async (id: string) => (await appState(id)).running;

describe('the idle culler', () => {
  it('stops containers unused for longer than the timeout and keeps recent ones', async () => {
    const idle = await launchAndAge('dev', 45);
    const recent = await launchAndAge('prod', 5);
    await culler.runOnce();
    expect(await isRunning(idle)).toBe(false);
    expect(await isRunning(recent)).toBe(true);
  });

  it('keeps a container with an open connection running, however old its last use', async () => {
    const id = await launchAndAge('dev', 45);
    const release = t.app.tracker.openConnection(user.user.id, 'dev');
    await t.app.db
      .updateTable('user_containers')
      .set({ last_used: new Date(Date.now() - 45 * 60_000).toISOString() })
      .where('container_id', '=', id)
      .execute();
    await culler.runOnce();
    expect(await isRunning(id)).toBe(true);
    release();
  });

  it('keeps a container with a connection open on another replica running; a dead one’s does not', async () => {
    const id = await launchAndAge('prod', 45);
    // Another replica of the platform, on the same store, with a WebSocket open to the app.
    const other = new ReplicaPresence({
      db: t.app.db,
      replicaId: 'another-replica',
      log: silentLog,
      times: TEST_PRESENCE,
    });
    await other.beat();
    await new ConnectionLeases({ db: t.app.db, presence: other }).write(user.user.id, 'prod', 1);
    await culler.runOnce();
    expect(await isRunning(id)).toBe(true);

    await agePresence(t.app.db, 'another-replica');
    await culler.runOnce();
    expect(await isRunning(id)).toBe(false);
  });

  it('is not scheduled when the timeout is 0', async () => {
    const off = await startTestApp({ IDLE_TIMEOUT_MINUTES: '0' });
    try {
      expect(off.app.tasks.some((task) => task instanceof IdleCullerTask)).toBe(false);
    } finally {
      await off.close();
    }
  });
});
