import type { ErrorCode } from '@spawner/api';

/**
 * Domain errors. Services throw these; `http/errors.ts` maps each kind to a status code in one
 * place. `code` is the stable machine code clients see as `error`, one of the contract's codes.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
}

/** The caller sent something we cannot accept. */
export class BadRequestError extends DomainError {
  constructor(
    readonly code: Extract<ErrorCode, 'bad_request' | 'invalid_email' | 'unknown_template'>,
    message: string,
  ) {
    super(message);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
  constructor(message = 'Sign in first.') {
    super(message);
  }
}

export class InvalidTokenError extends DomainError {
  readonly code = 'invalid_token';
  constructor() {
    super('This sign-in link is invalid, already used or expired. Ask for a new one.');
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** The request is for someone else's container. */
export class NotOwnerError extends ForbiddenError {
  constructor() {
    super('This container belongs to someone else.');
  }
}

/** A request to a user's app that changes something or opens a WebSocket came from another site's page. */
export class ForeignOriginError extends ForbiddenError {
  constructor() {
    super('This request came from another site; only the app’s own pages may send it.');
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** Revoking, blocking or deleting the last administrator would leave nobody to run spawner. */
export class LastAdminError extends DomainError {
  readonly code = 'last_admin';
  constructor() {
    super('This is the last administrator. Make someone else an administrator first.');
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests. Try again in ${formatWait(retryAfterSeconds)}.`);
  }
}

/** Starting one more container would pass a limit: the person's own, or the whole platform's. */
export class QuotaExceededError extends DomainError {
  readonly code = 'quota_exceeded';
  constructor(
    readonly scope: 'user' | 'platform',
    readonly limit: number,
  ) {
    super(quotaSentence(scope, limit));
  }
}

function quotaSentence(scope: 'user' | 'platform', limit: number): string {
  if (scope === 'platform') {
    return `The platform runs ${limit} container${limit === 1 ? '' : 's'}, the most it allows at once. Try again later, or stop one of yours on your dashboard first.`;
  }
  if (limit === 0)
    return 'You may not run any containers. Ask an administrator to raise your limit.';
  return `You have ${limit} container${limit === 1 ? '' : 's'} running, the most allowed per person. Stop one on your dashboard, then try again.`;
}

/** The container engine failed or refused: a port taken, a bad setting, anything not below. */
export class RuntimeError extends DomainError {
  readonly code: Extract<ErrorCode, 'runtime_error' | 'image_missing' | 'engine_unavailable'> =
    'runtime_error';
}

/** The template's image is not on the engine (nothing pulls it: an operator builds or pulls it). */
export class ImageMissingError extends RuntimeError {
  override readonly code = 'image_missing';
  constructor(readonly image: string) {
    super(`The image ${image} is not on the container engine. Build or pull it first.`);
  }
}

/** The engine does not answer at all (socket missing, refused, unreachable). */
export class EngineUnavailableError extends RuntimeError {
  override readonly code = 'engine_unavailable';
}

/** The container started but its app did not answer in time. */
export class NotReadyError extends DomainError {
  readonly code = 'not_ready';
}

/** The container's app exited (or crash-loops) before it answered. */
export class AppExitedError extends DomainError {
  readonly code = 'app_exited';
  constructor(
    message: string,
    /** As the engine reports it; undefined when it does not. */
    readonly exitCode: number | undefined,
  ) {
    super(message);
  }
}

/** A request reached a container that is not running; it is being started. */
export class StartingError extends DomainError {
  readonly code = 'starting';
  readonly retryAfterSeconds = 5;
  constructor(displayName: string) {
    super(`The ${displayName} is starting. Try again in a few seconds.`);
  }
}

/** The container's app did not answer a proxied request. */
export class BadGatewayError extends DomainError {
  readonly code = 'bad_gateway';
  constructor() {
    super('The container did not answer. It may be starting or have stopped.');
  }
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
