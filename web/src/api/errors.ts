import type { ErrorBody, ErrorCode } from './types';

/** The contract's error body, or `http_{status}` for an answer that did not come from spawner. */
export interface ApiErrorBody extends Omit<ErrorBody, 'error'> {
  error: ErrorCode | `http_${number}`;
}
import type { Messages } from '../i18n/en';
import { en } from '../i18n/en';

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
 * The one place that turns any thrown value into a sentence for people.
 * Known error codes are translated; otherwise the server's own message is
 * shown, and a generic sentence when there is none.
 */
export function getErrorMessage(err: unknown, m: Messages = en): string {
  if (isApiError(err)) {
    switch (err.code) {
      case 'invalid_email':
        return m.errors.invalidEmail;
      case 'rate_limited':
        return m.errors.rateLimited(err.retryAfter ?? 60);
      case 'invalid_token':
        return m.errors.invalidToken;
      case 'unauthenticated':
        return m.errors.unauthenticated;
      case 'runtime_error':
      case 'not_ready':
      case 'starting':
      case 'bad_gateway':
        return m.errors.launchFailed(err.message || m.errors.generic);
      default:
        return err.message || m.errors.generic;
    }
  }
  if (err instanceof TypeError) return m.errors.network;
  if (err instanceof Error && err.message) return err.message;
  return m.errors.generic;
}
