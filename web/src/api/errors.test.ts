import { describe, expect, it } from 'vitest';
import { errorCodes } from '@spawner/api';
import { createI18n } from '../i18n/createI18n';
import { ApiError, getErrorMessage } from './errors';

const en = createI18n('en').t;
const de = createI18n('de').t;

describe('getErrorMessage', () => {
  it('has a sentence of its own for every error code, in English and in German', () => {
    for (const code of errorCodes) {
      const err = new ApiError(400, { error: code, message: 'server words' });
      const english = getErrorMessage(err, en);
      const german = getErrorMessage(err, de);
      expect(english, code).not.toMatch(/^errors\./);
      expect(german, code).not.toMatch(/^errors\./);
      expect(german, code).not.toBe(english);
      if (code !== 'runtime_error') expect(english, code).not.toContain('server words');
    }
  });

  it('names a launch failure’s cause in the reader’s language', () => {
    const missing = new ApiError(502, { error: 'image_missing', message: 'The image x:1 …' });
    expect(getErrorMessage(missing, de)).toMatch(/^Das Image des Containers fehlt/);
    expect(getErrorMessage(missing, en)).toMatch(/^The container’s image is not on the server/);
    const exited = new ApiError(502, { error: 'app_exited', message: 'x', exit_code: 3 });
    expect(getErrorMessage(exited, de)).toContain('(Exit-Code 3)');
    expect(getErrorMessage(exited, en)).toContain('(exit code 3)');
    const noCode = new ApiError(502, { error: 'app_exited', message: 'x' });
    expect(getErrorMessage(noCode, en)).not.toContain('exit code');
  });

  it('keeps the server’s words where the code alone says little', () => {
    const other = new ApiError(502, { error: 'runtime_error', message: 'port is taken' });
    expect(getErrorMessage(other, de)).toBe(
      'Der Container konnte nicht gestartet werden: port is taken',
    );
    const foreign = new ApiError(502, { error: 'http_502', message: 'Bad Gateway' });
    expect(getErrorMessage(foreign, de)).toBe('Bad Gateway');
  });

  it('translates rate limits with the wait', () => {
    const limited = new ApiError(429, { error: 'rate_limited', message: 'x', retry_after: 120 });
    expect(getErrorMessage(limited, de)).toContain('2 Minuten');
  });
});
