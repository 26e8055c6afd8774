import type { ErrorBody } from '@spawner/api';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import {
  AppExitedError,
  BadGatewayError,
  BadRequestError,
  DomainError,
  ForbiddenError,
  InvalidTokenError,
  LastAdminError,
  NotFoundError,
  NotReadyError,
  QuotaExceededError,
  RateLimitedError,
  RuntimeError,
  StartingError,
  UnauthenticatedError,
} from '../errors.js';

/** A failure as HTTP: status, the contract's error body, and headers such as Retry-After. */
export interface HttpError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/**
 * The one place where failures become HTTP answers, for Fastify's routes, the proxy and raw
 * sockets alike. Only unexpected ones are logged as errors (by the caller, with `isUnexpected`).
 */
export function httpErrorOf(err: unknown): HttpError {
  if (err instanceof DomainError) {
    const body: ErrorBody = { error: err.code, message: err.message };
    const headers: Record<string, string> = {};
    const retryAfter = retryAfterOf(err);
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    if (err instanceof RateLimitedError) body.retry_after = err.retryAfterSeconds;
    if (err instanceof AppExitedError && err.exitCode !== undefined) body.exit_code = err.exitCode;
    if (err instanceof QuotaExceededError) body.quota = { scope: err.scope, limit: err.limit };
    return { status: statusOf(err), body, headers };
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return plain(400, 'bad_request', `${where}${issue?.message ?? 'invalid input'}`);
  }
  if (isValidationError(err)) return plain(400, 'bad_request', validationMessage(err, true));
  const fastifyError = err as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return plain(
      status,
      FASTIFY_CODES[fastifyError.code ?? ''] ?? 'bad_request',
      fastifyError.message ?? 'Bad request.',
    );
  }
  return plain(500, 'internal', 'Something went wrong on our side.');
}

/** Whether a failure is a bug or an outage worth an error log, not a refusal we meant. */
function isUnexpected(err: unknown): boolean {
  return !(err instanceof DomainError) && httpErrorOf(err).status >= 500;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The domain error a route answers when a part of its input fails the schema; undefined
     * (and by default) `bad_request`.
     */
    invalidInput?: (message: string, part: string) => DomainError | undefined;
  }
}

/** Fastify's error handler: the same answer as everywhere else. */
export function replyWithError(
  err: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const invalidInput = request.routeOptions.config.invalidInput;
  if (invalidInput && isValidationError(err)) {
    err = invalidInput(validationMessage(err, false), err.validationContext ?? '') ?? err;
  }
  if (isUnexpected(err)) request.log.error({ err }, 'unexpected error');
  const { status, body, headers } = httpErrorOf(err);
  return reply.code(status).headers(headers).type('application/json; charset=utf-8').send(body);
}

function isValidationError(err: unknown): err is FastifyError & { validation: unknown[] } {
  return (err as Partial<FastifyError>).code === 'FST_ERR_VALIDATION';
}

/** The schema's own sentence for the first problem, optionally with where it is ("body.email: ..."). */
function validationMessage(err: FastifyError, withPlace: boolean): string {
  const first = err.validation?.[0];
  if (!first) return err.message;
  if (!withPlace) return first.message ?? err.message;
  const where = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const context = err.validationContext ?? 'input';
  return where ? `${context}.${where}: ${first.message}` : `${context}: ${first.message}`;
}

function plain(status: number, error: ErrorBody['error'], message: string): HttpError {
  return { status, body: { error, message }, headers: {} };
}

const FASTIFY_CODES: Record<string, ErrorBody['error']> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_json',
  FST_ERR_VALIDATION: 'bad_request',
};

function statusOf(err: DomainError): number {
  if (err instanceof BadRequestError) return 400;
  if (err instanceof UnauthenticatedError || err instanceof InvalidTokenError) return 401;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof LastAdminError) return 409;
  if (err instanceof RateLimitedError || err instanceof QuotaExceededError) return 429;
  // What stands behind spawner failed: the engine (image missing, engine away) or the app.
  if (err instanceof RuntimeError || err instanceof AppExitedError) return 502;
  if (err instanceof BadGatewayError) return 502;
  if (err instanceof NotReadyError || err instanceof StartingError) return 503;
  return 500;
}

function retryAfterOf(err: DomainError): number | undefined {
  if (err instanceof RateLimitedError) return err.retryAfterSeconds;
  if (err instanceof StartingError) return err.retryAfterSeconds;
  if (err instanceof NotReadyError) return 5;
  return undefined;
}
