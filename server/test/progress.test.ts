import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_IMAGE } from './helpers/docker.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

let t: TestApp;
let user: SignedIn;
beforeAll(async () => {
  const templates = join(mkdtempSync(join(tmpdir(), 'spawner-progress-')), 'templates.json');
  writeFileSync(
    templates,
    JSON.stringify([
      {
        key: 'slow',
        image: ECHO_IMAGE,
        display_name: 'Slow App',
        env: { START_DELAY_MS: '2500' },
        ready_timeout_seconds: 30,
      },
    ]),
  );
  t = await startTestApp({ TEMPLATES_FILE: templates });
  user = await t.signIn();
});
afterAll(() => t.close());

/** Every event of one progress stream, until the server ends it. */
async function progress(): Promise<ProgressEvent[]> {
  const res = await user.fetch('/api/container/slow/progress');
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as ProgressEvent);
}

describe('launch progress as server-sent events, on a real engine', () => {
  it('says idle with the status when no launch is in flight', async () => {
    expect(await progress()).toEqual([{ phase: 'idle', status: 'not_created' }]);
  });

  it('follows a launch made elsewhere through its phases to ready', async () => {
    const launch = user.fetch('/api/container/launch/slow', { method: 'POST' });
    await new Promise((r) => setTimeout(r, 300));
    const events = await progress();
    expect((await launch).status).toBe(200);
    const phases = events.map((e) => e.phase);
    expect(phases.at(-1)).toBe('ready');
    expect(phases).toContain('waiting');
    const waited = events.flatMap((e) => (e.phase === 'waiting' ? [e.seconds] : []));
    expect(Math.max(...waited)).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)).toEqual({
      phase: 'ready',
      service_url: `${t.app.config.publicUrl.origin}/${user.user.slug}-slow`,
    });
    expect(await progress()).toEqual([{ phase: 'idle', status: 'running' }]);
  });
});
