import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/createI18n';
import { ApiError, getErrorMessage } from './errors';

const en = createI18n('en').t;
const de = createI18n('de').t;

const launchFailure = new ApiError(502, {
  error: 'runtime_error',
  message: 'The image x:1 is not on the container engine.',
});

describe('getErrorMessage', () => {
  it("shows a failed launch in the server's words in English", () => {
    expect(getErrorMessage(launchFailure, en)).toBe(
      'The image x:1 is not on the container engine.',
    );
  });

  it('says in German that the launch failed, keeping the cause', () => {
    const message = getErrorMessage(launchFailure, de);
    expect(message).toMatch(/^Der Container konnte nicht gestartet werden/);
    expect(message).toContain('The image x:1 is not on the container engine.');
  });

  it('translates rate limits with the wait', () => {
    const limited = new ApiError(429, { error: 'rate_limited', message: 'x', retry_after: 120 });
    expect(getErrorMessage(limited, de)).toContain('2 Minuten');
  });
});
