import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../i18n/createI18n';
import { request } from './client';
import { getErrorMessage } from './errors';

const en = createI18n('en').t;

/** The error the call rejects with when the server answers `status` with `body`. */
async function failureOf(status: number, body: unknown): Promise<unknown> {
  vi.stubGlobal('fetch', () =>
    Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    ),
  );
  return request('POST', '/api/container/launch/dev').then(
    () => undefined,
    (err: unknown) => err,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('request', () => {
  it('keeps the limit a quota refusal names, so the sentence can name it too', async () => {
    const err = await failureOf(429, {
      error: 'quota_exceeded',
      message: 'You have 1 container running …',
      quota: { scope: 'user', limit: 1 },
    });
    expect(err).toMatchObject({
      status: 429,
      code: 'quota_exceeded',
      quota: { scope: 'user', limit: 1 },
    });
    expect(getErrorMessage(err, en)).toBe(
      'You have 1 container running, the most allowed per person. Stop it on your dashboard, then try again.',
    );
  });

  it('drops a quota of the wrong shape rather than showing nonsense', async () => {
    const err = await failureOf(429, {
      error: 'quota_exceeded',
      message: 'x',
      quota: { scope: 'everyone', limit: 'many' },
    });
    expect(err).toMatchObject({ code: 'quota_exceeded', quota: undefined });
    expect(getErrorMessage(err, en)).toBe(
      'Too many containers are running. Stop one on your dashboard, then try again.',
    );
  });
});
