import type { ErrorCode, ProgressEvent } from '@spawner/api';
import { afterEach, describe, expect, it } from 'vitest';
import { httpErrorOf } from '../http/errors.js';
import { DEFAULT_SECURITY } from '../runtime/runtime.js';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { containerName } from './identity.js';

let p: FakePlatform | undefined;
afterEach(() => p?.close());

/** Launches `dev` and returns what failed: the progress stream's last event, HTTP, the list. */
async function failedLaunch(platform: FakePlatform) {
  const events: ProgressEvent[] = [];
  platform.progress.subscribe(platform.owner.id, 'dev', (e) => events.push(e));
  const err: unknown = await platform.containers.launch(platform.owner, 'dev').then(
    () => expect.fail('the launch should have failed'),
    (e: unknown) => e,
  );
  const entry = (await platform.list.of(platform.owner)).find((c) => c.type === 'dev')!;
  return { failed: events.at(-1), http: httpErrorOf(err), entry };
}

/** The code travels in the event and the HTTP body; the list keeps the sentence. */
function expectCode(
  { failed, http, entry }: Awaited<ReturnType<typeof failedLaunch>>,
  code: ErrorCode,
  status: number,
) {
  expect(failed).toMatchObject({ phase: 'failed', error: code });
  expect(http.status).toBe(status);
  expect(http.body.error).toBe(code);
  expect(http.body.message).toBe(failed?.phase === 'failed' && failed.message);
  // A container that runs but did not answer is listed as running, as it is.
  if (code !== 'not_ready') {
    expect(entry).toMatchObject({ status: 'error', error: http.body.message, error_code: code });
  }
}

describe('a failed launch names its cause with a code of the contract', () => {
  it('image_missing: the template image is not on the engine', async () => {
    p = await startFakePlatform({}, { USER_TEMPLATE_IMAGE_DEV: 'nowhere:1' });
    const result = await failedLaunch(p);
    expectCode(result, 'image_missing', 502);
    expect(result.http.body.message).toContain('nowhere:1');
    expect(await p.runtime.list()).toEqual([]);
  });

  it('app_exited: the app exits while starting, with its exit code and last lines', async () => {
    p = await startFakePlatform({ dev: { app: 'crashes', startupLine: 'boom: no config' } });
    const result = await failedLaunch(p);
    expectCode(result, 'app_exited', 502);
    expect(result.failed).toMatchObject({
      exit_code: 1,
      logs: expect.stringContaining('boom: no config') as unknown,
    });
    expect(result.http.body.exit_code).toBe(1);
    expect(result.http.body.message).toMatch(/exited while starting \(exit code 1\).*boom/);
  });

  it('not_ready: the app runs but does not answer in ready_timeout_seconds', async () => {
    p = await startFakePlatform({ dev: { app: 'silent' } });
    const result = await failedLaunch(p);
    expectCode(result, 'not_ready', 503);
    expect(result.http.headers['retry-after']).toBe('5');
    expect(result.http.body.exit_code).toBeUndefined();
  }, 10_000);

  it('engine_unavailable: the engine does not answer', async () => {
    p = await startFakePlatform();
    p.runtime.setReachable(false);
    const err: unknown = await p.containers.launch(p.owner, 'dev').catch((e: unknown) => e);
    const { status, body } = httpErrorOf(err);
    expect(status).toBe(502);
    expect(body).toMatchObject({ error: 'engine_unavailable' });
    expect(body.message).toMatch(/not reachable/);
  });

  it('runtime_error: anything else, such as a stranger holding the container name', async () => {
    p = await startFakePlatform();
    await p.runtime.create({
      name: containerName(p.owner, 'dev'),
      image: 'dev',
      env: {},
      labels: {},
      port: 8080,
      memoryBytes: 1,
      cpus: 1,
      network: undefined,
      mounts: [],
      security: DEFAULT_SECURITY,
    });
    const result = await failedLaunch(p);
    expectCode(result, 'runtime_error', 502);
    expect(result.http.body.message).toMatch(/not made by spawner/);
  });
});
