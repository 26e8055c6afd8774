import { ApiError, type ApiErrorBody } from './errors';
import type {
  ContainerStateResponse,
  ContainersResponse,
  ErrorBody,
  LaunchResponse,
  MagicLinkResponse,
  MeResponse,
  PreviewResponse,
  VerifyResponse,
} from './types';
import { keepingOwnStorage } from '../utils/keptStorage';

/**
 * The error body of a failed answer. A body that is not ours (a proxy's HTML page, an empty 502)
 * gets the code `http_{status}`.
 */
function toErrorBody(
  status: number,
  statusText: string,
  body: unknown,
  retryHeader: string | null,
): ApiErrorBody {
  const fallback: ApiErrorBody = {
    error: `http_${status}`,
    message: statusText || `HTTP ${status}`,
  };
  if (typeof body !== 'object' || body === null) return fallback;
  const b = body as Partial<ErrorBody>;
  const retryAfter = b.retry_after ?? (retryHeader ? Number(retryHeader) : undefined);
  return {
    error: typeof b.error === 'string' ? b.error : fallback.error,
    message: typeof b.message === 'string' ? b.message : fallback.message,
    retry_after: Number.isFinite(retryAfter) ? retryAfter : undefined,
    exit_code: typeof b.exit_code === 'number' ? b.exit_code : undefined,
    quota: isQuota(b.quota) ? b.quota : undefined,
  };
}

function isQuota(value: unknown): value is ErrorBody['quota'] {
  if (typeof value !== 'object' || value === null) return false;
  const { scope, limit } = value as Record<string, unknown>;
  return (scope === 'user' || scope === 'platform') && Number.isInteger(limit);
}

/** One call to the API: JSON in (POST, PUT), JSON out, an ApiError for any answer not 2xx. */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  };
  if (method === 'POST' || method === 'PUT') {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }
  const res = await fetch(path, init);
  return parseJson(await failOnError(res)) as T;
}

/** The body's text of a 2xx answer; an ApiError from the error body otherwise. */
async function failOnError(res: Response): Promise<string> {
  const text = await res.text();
  if (!res.ok) {
    throw new ApiError(
      res.status,
      toErrorBody(res.status, res.statusText, parseJson(text), res.headers.get('Retry-After')),
    );
  }
  return text;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Typed calls to the spawner API; the session is the HttpOnly cookie. */
export const api = {
  requestMagicLink: (email: string) =>
    request<MagicLinkResponse>('POST', '/api/auth/magic-link', { email }),
  previewToken: (token: string) =>
    request<PreviewResponse>('POST', '/api/auth/verify/preview', { token }),
  // Sign-in and sign-out answers clear the origin's storage; the dashboard's own keys stay.
  verifyToken: (token: string) =>
    keepingOwnStorage(() => request<VerifyResponse>('POST', '/api/auth/verify', { token })),
  me: () => request<MeResponse>('GET', '/api/auth/me'),
  logout: () => keepingOwnStorage(() => request<undefined>('POST', '/api/auth/logout')),
  /** Deletes the signed-in person's account, with their containers and data. */
  deleteAccount: () => keepingOwnStorage(() => request<unknown>('DELETE', '/api/auth/me')),
  containers: () => request<ContainersResponse>('GET', '/api/user/containers'),
  launch: (type: string) =>
    request<LaunchResponse>('POST', `/api/container/launch/${encodeURIComponent(type)}`),
  stop: (type: string) =>
    request<ContainerStateResponse>('POST', `/api/container/${encodeURIComponent(type)}/stop`),
  restart: (type: string) =>
    request<LaunchResponse>('POST', `/api/container/${encodeURIComponent(type)}/restart`),
  /** Removes the container ("reset"); with `data`, its data volume too ("delete"). */
  remove: (type: string, data: boolean) =>
    request<ContainerStateResponse>(
      'DELETE',
      `/api/container/${encodeURIComponent(type)}${data ? '?data=true' : ''}`,
    ),
  /** The last `tail` lines the container wrote, as text. */
  logs: async (type: string, tail: number) =>
    failOnError(
      await fetch(logsPath(type, { tail }), {
        credentials: 'same-origin',
        headers: { Accept: 'text/plain' },
      }),
    ),
};

/** The logs route; with `follow`, the server-sent event stream of the last lines and new ones. */
export function logsPath(type: string, { tail, follow }: { tail: number; follow?: boolean }) {
  const query = new URLSearchParams({ tail: String(tail) });
  if (follow) query.set('follow', 'true');
  return `/api/container/${encodeURIComponent(type)}/logs?${query.toString()}`;
}
