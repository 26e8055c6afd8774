import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorBody, ProgressEvent } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../src/testing/eventually.js';
import { ECHO_IMAGE } from './helpers/docker.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

const PER_USER =
  'You have 1 container running, the most allowed per person. Stop one on your dashboard, then try again.';
const PLATFORM =
  'The platform runs 1 container, the most it allows at once. Try again later, or stop one of yours on your dashboard first.';

const post = (user: SignedIn, path: string) => user.fetch(path, { method: 'POST' });
/** A request to the user's app as an API client would make it (start on request). */
const proxied = (t: TestApp, user: SignedIn, type: string, accept = 'application/json') =>
  fetch(`${t.url}/${user.user.slug}-${type}/`, {
    headers: { authorization: `Bearer ${user.token}`, accept },
  });

async function expectRefusal(res: Response, scope: 'user' | 'platform', message: string) {
  expect(res.status).toBe(429);
  expect((await res.json()) as ErrorBody).toEqual({
    error: 'quota_exceeded',
    message,
    quota: { scope, limit: 1 },
  });
}

describe('MAX_RUNNING_PER_USER on a real engine', () => {
  let t: TestApp;
  let ada: SignedIn;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ MAX_RUNNING_PER_USER: '1', ADMIN_EMAILS: 'quota-admin@example.com' });
    ada = await t.signIn();
    admin = await t.signIn('quota-admin@example.com');
  });
  afterAll(() => t.close());

  it('refuses a second container by launch, start on request and restart, naming the limit', async () => {
    expect((await post(ada, '/api/container/launch/dev')).status).toBe(200);
    // The running one may be launched and restarted: it keeps its place.
    expect((await post(ada, '/api/container/launch/dev')).status).toBe(200);
    expect((await post(ada, '/api/container/dev/restart')).status).toBe(200);

    await expectRefusal(await post(ada, '/api/container/launch/prod'), 'user', PER_USER);
    await expectRefusal(await proxied(t, ada, 'prod'), 'user', PER_USER);
    const page = await proxied(t, ada, 'prod', 'text/html');
    expect(page.status).toBe(429);
    expect(await page.text()).toContain(
      'You already run as many containers as you may (1). Stop one on your dashboard, then try again.',
    );
    // Nothing was started behind the refusals.
    const list = (await (await ada.fetch('/api/user/containers')).json()) as {
      containers: Array<{ type: string; status: string }>;
    };
    expect(list.containers.map((c) => [c.type, c.status])).toEqual([
      ['dev', 'running'],
      ['prod', 'not_created'],
    ]);

    // Stop dev, run prod: restarting the stopped dev is one start too many.
    expect((await post(ada, '/api/container/dev/stop')).status).toBe(200);
    expect((await post(ada, '/api/container/launch/prod')).status).toBe(200);
    await expectRefusal(await post(ada, '/api/container/dev/restart'), 'user', PER_USER);
  });

  it('an administrator raises one person’s limit; nobody else may', async () => {
    const body = JSON.stringify({ max_running: 2 });
    const headers = { 'content-type': 'application/json' };
    const path = `/api/admin/users/${ada.user.id}/quota`;
    expect((await ada.fetch(path, { method: 'PUT', body, headers })).status).toBe(403);
    const raised = await admin.fetch(path, { method: 'PUT', body, headers });
    expect(raised.status).toBe(200);
    expect(await raised.json()).toEqual({
      id: ada.user.id,
      max_running: 2,
      effective_max_running: 2,
    });
    expect((await post(ada, '/api/container/dev/restart')).status).toBe(200);

    const bad = await admin.fetch(path, {
      method: 'PUT',
      body: JSON.stringify({ max_running: -1 }),
      headers,
    });
    expect(bad.status).toBe(400);
    const missing = await admin.fetch('/api/admin/users/999999/quota', {
      method: 'PUT',
      body,
      headers,
    });
    expect(missing.status).toBe(404);
  });
});

describe('MAX_RUNNING_CONTAINERS on a real engine', () => {
  let t: TestApp;
  let ada: SignedIn;
  let bob: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ MAX_RUNNING_CONTAINERS: '1' });
    ada = await t.signIn();
    bob = await t.signIn();
  });
  afterAll(() => t.close());

  it('refuses anyone’s next container by launch, start on request and restart', async () => {
    expect((await post(ada, '/api/container/launch/dev')).status).toBe(200);
    await expectRefusal(await post(bob, '/api/container/launch/dev'), 'platform', PLATFORM);
    await expectRefusal(await proxied(t, bob, 'dev'), 'platform', PLATFORM);

    expect((await post(ada, '/api/container/dev/stop')).status).toBe(200);
    expect((await post(bob, '/api/container/launch/dev')).status).toBe(200);
    await expectRefusal(await post(ada, '/api/container/dev/restart'), 'platform', PLATFORM);
    await expectRefusal(await proxied(t, ada, 'dev'), 'platform', PLATFORM);
  });
});

describe('the launch queue on a real engine', () => {
  let t: TestApp;
  beforeAll(async () => {
    const templates = join(mkdtempSync(join(tmpdir(), 'spawner-queue-')), 'templates.json');
    writeFileSync(
      templates,
      JSON.stringify([
        {
          key: 'slow',
          image: ECHO_IMAGE,
          display_name: 'Slow App',
          env: { START_DELAY_MS: '1500' },
          ready_timeout_seconds: 60,
        },
      ]),
    );
    t = await startTestApp({ TEMPLATES_FILE: templates, MAX_CONCURRENT_LAUNCHES: '1' });
  });
  afterAll(() => t.close());

  /** Every event of the user's progress stream from now until the launch ends. */
  async function progress(user: SignedIn): Promise<ProgressEvent[]> {
    const text = await (await user.fetch('/api/container/slow/progress')).text();
    return [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as ProgressEvent);
  }

  it('beyond MAX_CONCURRENT_LAUNCHES, launches wait first in first out and show their place', async () => {
    const people = [await t.signIn(), await t.signIn(), await t.signIn()];
    const finished: number[] = [];
    const launches: Array<Promise<Response>> = [];
    const streams: Array<Promise<ProgressEvent[]>> = [];
    for (const [i, person] of people.entries()) {
      launches.push(
        post(person, '/api/container/launch/slow').then((res) => {
          finished.push(i);
          return res;
        }),
      );
      // Each comes after the one before has its turn or its place: the order is known.
      await eventually(() => t.app.progress.current(person.user.id, 'slow') !== undefined);
      streams.push(progress(person));
    }
    expect((await Promise.all(launches)).map((res) => res.status)).toEqual([200, 200, 200]);
    expect(finished).toEqual([0, 1, 2]);

    const events = await Promise.all(streams);
    const places = events.map((list) =>
      list.flatMap((e) => (e.phase === 'queued' ? [e.position] : [])),
    );
    expect(places).toEqual([[], [1], [2, 1]]);
    for (const list of events) expect(list.at(-1)?.phase).toBe('ready');
    // Waiting comes before the work: no queued event after creating.
    const third = events[2]!.map((e) => e.phase);
    expect(third.lastIndexOf('queued')).toBeLessThan(third.indexOf('creating'));
  });
});
