import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import {
  BadRequestError,
  DomainError,
  ForbiddenError,
  InvalidTokenError,
  NotFoundError,
  NotReadyError,
  RateLimitedError,
  RuntimeError,
  UnauthenticatedError,
} from '../errors.js';

export interface ErrorBody {
  error: string;
  message: string;
  retry_after?: number;
}

/** The one place where failures become HTTP answers. Only unexpected ones are logged as errors. */
export function replyWithError(
  err: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const { status, body } = toHttp(err);
  if (status >= 500 && !(err instanceof DomainError))
    request.log.error({ err }, 'unexpected error');
  if (err instanceof RateLimitedError)
    void reply.header('retry-after', String(err.retryAfterSeconds));
  if (err instanceof NotReadyError) void reply.header('retry-after', '5');
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function toHttp(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof DomainError) return { status: statusOf(err), body: bodyOf(err) };
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return {
      status: 400,
      body: { error: 'bad_request', message: `${where}${issue?.message ?? 'invalid input'}` },
    };
  }
  const fastifyError = err as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return {
      status,
      body: {
        error: FASTIFY_CODES[fastifyError.code ?? ''] ?? 'bad_request',
        message: fastifyError.message ?? 'Bad request.',
      },
    };
  }
  return { status: 500, body: { error: 'internal', message: 'Something went wrong on our side.' } };
}

const FASTIFY_CODES: Record<string, string> = {
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
  if (err instanceof RateLimitedError) return 429;
  if (err instanceof RuntimeError) return 502;
  if (err instanceof NotReadyError) return 503;
  return 500;
}

function bodyOf(err: DomainError): ErrorBody {
  const body: ErrorBody = { error: err.code, message: err.message };
  if (err instanceof RateLimitedError) body.retry_after = err.retryAfterSeconds;
  return body;
}
