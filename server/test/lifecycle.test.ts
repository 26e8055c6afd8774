import type { ContainersResponse, LaunchResponse } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_IMAGE, docker } from './helpers/docker.js';
import { appsLabelled, removeByHand, runningContainer } from './helpers/engine.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

let t: TestApp;
let user: SignedIn;
/** The dev template runs this tag; "rebuilding" it points the tag at a new image. */
const repo = 'spawner-test-echo';
const tag = `lifecycle-${Date.now().toString(36)}`;
const devImage = `${repo}:${tag}`;
beforeAll(async () => {
  await docker.getImage(ECHO_IMAGE).tag({ repo, tag });
  t = await startTestApp({ USER_TEMPLATE_IMAGE_DEV: devImage });
  user = await t.signIn();
});
afterAll(async () => {
  await t.close();
  await docker
    .getImage(devImage)
    .remove({ force: true })
    .catch(() => undefined);
});

const prefix = () => `/${user.user.slug}-dev`;
const volume = () => `user-${user.user.slug}-dev-${user.user.id}-data`;

async function call(method: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await user.fetch(path, { method });
  return { status: res.status, body: await res.json() };
}
const launch = async () => (await call('POST', '/api/container/launch/dev')).body as LaunchResponse;
const entry = async () =>
  ((await call('GET', '/api/user/containers')).body as ContainersResponse).containers[0]!;

async function writeNote(text: string): Promise<void> {
  const res = await user.fetch(`${prefix()}/files/note`, { method: 'PUT', body: text });
  expect(res.status).toBe(204);
}
async function readNote(): Promise<string | undefined> {
  const res = await user.fetch(`${prefix()}/files/note`);
  return res.status === 200 ? res.text() : undefined;
}
const volumeExists = () =>
  docker
    .getVolume(volume())
    .inspect()
    .then(
      () => true,
      () => false,
    );

describe('data that outlives the container, on a real engine', () => {
  it('keeps what was written through a reset (DELETE), with the volume labelled as ours', async () => {
    await launch();
    await writeNote('first words');
    const info = await docker.getVolume(volume()).inspect();
    expect(info.Labels).toMatchObject({
      'spawner.managed': 'true',
      'spawner.slug': user.user.slug,
    });

    expect(await call('DELETE', '/api/container/dev')).toEqual({
      status: 200,
      body: { status: 'not_created' },
    });
    expect((await entry()).status).toBe('not_created');
    await launch();
    expect(await readNote()).toBe('first words');
  });

  it('keeps it when the container is removed by hand', async () => {
    const { container_id: id } = await launch();
    await removeByHand(id);
    await launch();
    expect(await readNote()).toBe('first words');
  });

  it('shows a rebuilt image as an update; restart moves to it and keeps the data', async () => {
    const { container_id: before } = await launch();
    // A new image under the same tag, as a rebuild makes.
    await (await runningContainer(before)).commit({ repo, tag, changes: ['LABEL rebuilt=yes'] });
    await t.app.images.refresh();
    expect(await entry()).toMatchObject({ status: 'running', update_available: true });

    const restarted = await call('POST', '/api/container/dev/restart');
    expect(restarted.status).toBe(200);
    const after = (restarted.body as LaunchResponse).container_id;
    expect(after).not.toBe(before);
    const image = (await (await runningContainer(after)).inspect()).Image;
    expect(image).toBe((await docker.getImage(devImage).inspect()).Id);
    expect(await entry()).toMatchObject({ status: 'running', update_available: false });
    expect(await readNote()).toBe('first words');
  });

  it('stops, answering the same twice, and starts again on launch', async () => {
    expect(await call('POST', '/api/container/dev/stop')).toEqual({
      status: 200,
      body: { status: 'stopped' },
    });
    expect(await call('POST', '/api/container/dev/stop')).toEqual({
      status: 200,
      body: { status: 'stopped' },
    });
    expect((await entry()).status).toBe('stopped');
    await launch();
    expect((await entry()).status).toBe('running');
  });

  it('gives one running container for 20 simultaneous restarts', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call('POST', '/api/container/dev/restart')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array<number>(20).fill(200));
    const mine = await appsLabelled({ 'spawner.slug': user.user.slug, 'spawner.template': 'dev' });
    expect(mine.map((c) => c.state)).toEqual(['running']);
  });

  it('deletes with data=true: no container, no volume, and a delete racing a launch ends clean', async () => {
    const [, deleted] = await Promise.all([
      launch(),
      call('DELETE', '/api/container/dev?data=true'),
    ]);
    expect(deleted).toEqual({ status: 200, body: { status: 'not_created' } });
    // They take turns in the order their requests arrive: a delete last leaves nothing; a
    // launch last leaves one running container, on a new and empty volume.
    const left = await appsLabelled({ 'spawner.slug': user.user.slug });
    if (left.length > 0) {
      expect(left.map((c) => c.state)).toEqual(['running']);
      expect(await readNote()).toBeUndefined();
    } else {
      expect(await volumeExists()).toBe(false);
    }
    expect(await call('DELETE', '/api/container/dev?data=true')).toEqual({
      status: 200,
      body: { status: 'not_created' },
    });
    expect(await volumeExists()).toBe(false);
    expect(await appsLabelled({ 'spawner.slug': user.user.slug })).toHaveLength(0);
    await launch();
    expect(await readNote()).toBeUndefined();
  });

  it('gives the data folder as a tar archive', async () => {
    await writeNote('kept for the archive');
    const res = await user.fetch('/api/container/dev/data.tar');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${user.user.slug}-dev-data.tar"`,
    );
    const tar = Buffer.from(await res.arrayBuffer());
    expect(tar.toString()).toContain('data/note');
    expect(tar.toString()).toContain('kept for the archive');
  });

  it('gives the last log lines as text, and follows new ones as server-sent events', async () => {
    await user.fetch(`${prefix()}/log?n=before`);
    const last = await user.fetch('/api/container/dev/logs?tail=50');
    expect(last.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await last.text()).toContain('requested /log?n=before');

    const controller = new AbortController();
    const stream = await user.fetch('/api/container/dev/logs?tail=1&follow=true', {
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    await user.fetch(`${prefix()}/log?n=after`);
    const deadline = Date.now() + 10_000;
    while (!received.includes('requested /log?n=after') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      received += Buffer.from(value).toString();
    }
    controller.abort();
    expect(received).toContain('data: {"line":"requested /log?n=after"}');
  });

  it('refuses an unknown type and a bad flag, and strangers', async () => {
    expect((await call('POST', '/api/container/nope/stop')).status).toBe(400);
    expect((await call('DELETE', '/api/container/dev?data=maybe')).body).toMatchObject({
      error: 'bad_request',
    });
    expect((await fetch(`${t.url}/api/container/dev/stop`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${t.url}/api/container/dev/logs`)).status).toBe(401);
    expect((await call('GET', '/api/container/prod/logs')).body).toMatchObject({
      error: 'not_found',
    });
  });
});
