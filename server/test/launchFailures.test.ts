import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainersResponse, ErrorBody, ProgressEvent } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_IMAGE } from './helpers/docker.js';
import { appState } from './helpers/engine.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

/** A template whose image the engine does not have, and one whose app exits as it starts. */
let t: TestApp;
let user: SignedIn;
beforeAll(async () => {
  const templates = join(mkdtempSync(join(tmpdir(), 'spawner-failures-')), 'templates.json');
  writeFileSync(
    templates,
    JSON.stringify([
      { key: 'missing', image: `spawner-no-such-image-${Date.now()}:never`, display_name: 'Gone' },
      {
        key: 'crash',
        image: ECHO_IMAGE,
        display_name: 'Crasher',
        env: { CRASH_ON_START: 'missing settings' },
        ready_timeout_seconds: 30,
      },
    ]),
  );
  t = await startTestApp({ TEMPLATES_FILE: templates });
  user = await t.signIn();
});
afterAll(() => t.close());

/**
 * Launches `type` and follows its progress stream meanwhile; gives the HTTP answer, the stream's
 * `failed` event (when the launch lasted long enough to be seen) and the list entry afterwards.
 */
async function failedLaunch(type: string) {
  let ended = false;
  const launch = user
    .fetch(`/api/container/launch/${type}`, { method: 'POST' })
    .finally(() => (ended = true));
  let failed: ProgressEvent | undefined;
  // Until the launch begins the stream says idle and ends; once in flight it runs to the end.
  while (!ended && !failed) {
    const text = await (await user.fetch(`/api/container/${type}/progress`)).text();
    failed = parse(text).find((e) => e.phase === 'failed');
    if (!failed) await new Promise((r) => setTimeout(r, 50));
  }
  const res = await launch;
  const body = (await res.json()) as ErrorBody;
  const listed = (await (await user.fetch('/api/user/containers')).json()) as ContainersResponse;
  return {
    status: res.status,
    body,
    failed,
    entry: listed.containers.find((c) => c.type === type)!,
  };
}

function parse(text: string): ProgressEvent[] {
  return [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as ProgressEvent);
}

describe('a failed launch on a real engine names its cause by code', () => {
  it('image_missing: the template image is not on the engine', async () => {
    const { status, body, entry } = await failedLaunch('missing');
    expect(status).toBe(502);
    expect(body.error).toBe('image_missing');
    expect(body.message).toContain('spawner-no-such-image-');
    expect(entry).toMatchObject({
      status: 'error',
      error: body.message,
      error_code: 'image_missing',
      container_id: null,
    });
  });

  it('app_exited: the app exits while starting, with its exit code and last lines', async () => {
    const { status, body, failed, entry } = await failedLaunch('crash');
    expect(status).toBe(502);
    expect(body).toMatchObject({ error: 'app_exited', exit_code: 1 });
    expect(body.message).toContain('crashing on purpose: missing settings');
    expect(entry).toMatchObject({ status: 'error', error: body.message, error_code: 'app_exited' });
    // Noticing an exit takes a second at least: long enough for the stream to be seen.
    expect(failed).toMatchObject({ error: 'app_exited', exit_code: 1, message: body.message });
    expect(failed?.phase === 'failed' && failed.logs).toContain('crashing on purpose');
    // Stopped, not left to the restart policy's crash loop.
    // (How it ended last: on Swarm, a restarted task stopped by that, not the crash above.)
    expect(await appState(entry.container_id!)).toMatchObject({ running: false });
  });
});

describe('the Starting… page', () => {
  it('is served in German to a German reader, with the failure sentences by code', async () => {
    const res = await fetch(`${t.url}/${user.user.slug}-crash/`, {
      headers: {
        authorization: `Bearer ${user.token}`,
        accept: 'text/html',
        cookie: 'spawner_lang=de',
      },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Dein Crasher wird gestartet…');
    expect(html).toContain('Die App hat sich beim Start beendet');
    expect(res.headers.get('content-language')).toBe('de');
  });

  it('follows Accept-Language when the dashboard set no choice', async () => {
    const res = await fetch(`${t.url}/${user.user.slug}-crash/`, {
      headers: {
        authorization: `Bearer ${user.token}`,
        accept: 'text/html',
        'accept-language': 'en-GB,en;q=0.8',
      },
    });
    expect(await res.text()).toContain('Starting your Crasher…');
  });
});
