import type { LaunchResponse } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdleCullerTask } from '../src/jobs/idleCullerTask.js';
import { docker } from './helpers/docker.js';
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

const isRunning = async (id: string) => (await docker.getContainer(id).inspect()).State.Running;

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

  it('is not scheduled when the timeout is 0', async () => {
    const off = await startTestApp({ IDLE_TIMEOUT_MINUTES: '0' });
    try {
      expect(off.app.tasks.some((task) => task instanceof IdleCullerTask)).toBe(false);
    } finally {
      await off.close();
    }
  });
});
