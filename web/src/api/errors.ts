import type { ErrorBody, ErrorCode } from './types';

/** The contract's error body, or `http_{status}` for an answer that did not come from spawner. */
export interface ApiErrorBody extends Omit<ErrorBody, 'error'> {
  error: ErrorCode | `http_${number}`;
}
import type { TFunction } from 'i18next';
import { formatWait } from '../i18n/formatters';

/** An answer from the API that was not 2xx. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorBody['error'];
  /** Seconds to wait, for `rate_limited`. */
  readonly retryAfter: number | undefined;
  /** The app's exit code, for `app_exited`, when known. */
  readonly exitCode: number | undefined;
  /** Which limit was reached, for `quota_exceeded`. */
  readonly quota: ApiErrorBody['quota'];

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error;
    this.retryAfter = body.retry_after;
    this.exitCode = body.exit_code;
    this.quota = body.quota;
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;

/** A 401 that means "nobody is signed in" (not a bad magic-link token). */
export const isUnauthenticated = (err: unknown): boolean =>
  isApiError(err) && err.status === 401 && err.code !== 'invalid_token';

/**
 * The one place that turns any thrown value into a sentence for people, in the language of `t`.
 * Every error code of the API has its sentence; an answer that did not come from spawner shows
 * its own message, and a generic sentence when there is none.
 */
export function getErrorMessage(err: unknown, t: TFunction): string {
  if (isApiError(err)) {
    const { code } = err;
    if (!isContractCode(code)) return err.message || t('errors.generic');
    if (code === 'quota_exceeded' && err.quota) {
      const { scope, limit } = err.quota;
      return t(scope === 'user' ? 'errors.quotaUser' : 'errors.quotaPlatform', { count: limit });
    }
    return errorSentence({ code, message: err.message, exitCode: err.exitCode }, err.retryAfter, t);
  }
  if (err instanceof TypeError) return t('errors.network');
  if (err instanceof Error && err.message) return err.message;
  return t('errors.generic');
}

const isContractCode = (code: ApiErrorBody['error']): code is ErrorCode =>
  !code.startsWith('http_');

/** What the server said went wrong: its code, its (English) sentence, and an exit code. */
export interface ErrorCause {
  code: ErrorCode;
  message: string;
  exitCode?: number | undefined;
}

/** The sentence for an error code, in the language of `t`; also for a stored launch failure. */
export function errorSentence(cause: ErrorCause, retryAfter: number | undefined, t: TFunction) {
  const { code } = cause;
  if (code === 'invalid_email') return t('errors.invalidEmail');
  if (code === 'invalid_token') return t('errors.invalidToken');
  if (code === 'unauthenticated') return t('errors.unauthenticated');
  if (code === 'rate_limited') {
    return t('errors.rateLimited', { wait: formatWait(retryAfter ?? 60, t) });
  }
  if (code === 'app_exited' && cause.exitCode !== undefined) {
    return t('errors.appExitedWithCode', { code: cause.exitCode });
  }
  if (code === 'runtime_error') {
    // The code alone says little: the server's sentence (in English) says what failed.
    return t('errors.codes.runtime_error', { detail: cause.message || t('errors.generic') });
  }
  // The catalogue's type makes this fail to compile for a code without its sentence.
  return t(`errors.codes.${code}`);
}
