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

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error;
    this.retryAfter = body.retry_after;
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;

/** A 401 that means "nobody is signed in" (not a bad magic-link token). */
export const isUnauthenticated = (err: unknown): boolean =>
  isApiError(err) && err.status === 401 && err.code !== 'invalid_token';

/**
 * The one place that turns any thrown value into a sentence for people, in the language of `t`.
 * Known error codes are translated; otherwise the server's own message is shown, and a generic
 * sentence when there is none.
 */
export function getErrorMessage(err: unknown, t: TFunction): string {
  if (isApiError(err)) {
    if (err.code === 'invalid_email') return t('errors.invalidEmail');
    if (err.code === 'rate_limited')
      return t('errors.rateLimited', { wait: formatWait(err.retryAfter ?? 60, t) });
    if (err.code === 'invalid_token') return t('errors.invalidToken');
    if (err.code === 'unauthenticated') return t('errors.unauthenticated');
    // The server's sentence names the cause (image missing, app did not answer, ...).
    if (LAUNCH_FAILURES.has(err.code))
      return t('errors.launchFailed', { detail: err.message || t('errors.generic') });
    return err.message || t('errors.generic');
  }
  if (err instanceof TypeError) return t('errors.network');
  if (err instanceof Error && err.message) return err.message;
  return t('errors.generic');
}

/** Codes that mean the container could not be started or reached. */
const LAUNCH_FAILURES = new Set<ApiErrorBody['error']>([
  'runtime_error',
  'engine_unavailable',
  'not_ready',
  'starting',
  'bad_gateway',
]);
