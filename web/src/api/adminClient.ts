import type {
  AdminContainersQuery,
  AdminUser,
  ContainerStateResponse,
  MessageResponse,
  AdminContainersResponse,
  AdminUsersQuery,
  AdminUsersResponse,
  AuditQuery,
  AuditResponse,
  UserQuotaResponse,
} from '@spawner/api';
import { request } from './client';

export type { AdminContainer, AdminUser } from '@spawner/api';

/** The columns each list sorts by, as the contract names them. */
export const USER_SORTS = ['email', 'created', 'last_seen'] as const satisfies readonly NonNullable<
  AdminUsersQuery['sort']
>[];
export type UserSort = (typeof USER_SORTS)[number];
export const CONTAINER_SORTS = [
  'email',
  'created',
  'last_used',
] as const satisfies readonly NonNullable<AdminContainersQuery['sort']>[];
export type ContainerSort = (typeof CONTAINER_SORTS)[number];

/** A list's query as the client sends it: pages are numbers (the contract coerces strings). */
type Paged<Q> = Omit<Q, 'page' | 'per_page'> & { page?: number; per_page?: number };
export type UsersQuery = Paged<AdminUsersQuery>;
export type ContainersQuery = Paged<AdminContainersQuery>;

/** `?a=1&b=x` from the params that are set; empty when none are. */
function toQuery(
  params: Partial<Record<string, string | number | boolean | undefined>>,
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const str = query.toString();
  return str ? `?${str}` : '';
}

const seg = (value: string | number) => encodeURIComponent(String(value));

/** Typed calls to the admin API (administrators only: anyone else gets 403). */
export const adminApi = {
  users: (query: UsersQuery) =>
    request<AdminUsersResponse>('GET', `/api/admin/users${toQuery({ ...query })}`),
  invite: (email: string) => request<AdminUser>('POST', '/api/admin/users', { email }),
  block: (userId: number) => request<AdminUser>('POST', `/api/admin/users/${seg(userId)}/block`),
  unblock: (userId: number) =>
    request<AdminUser>('POST', `/api/admin/users/${seg(userId)}/unblock`),
  /** Grants (POST) or revokes (DELETE) the administrator flag. */
  setAdmin: (userId: number, isAdmin: boolean) =>
    request<AdminUser>(isAdmin ? 'POST' : 'DELETE', `/api/admin/users/${seg(userId)}/admin`),
  deleteUser: (userId: number) =>
    request<MessageResponse>('DELETE', `/api/admin/users/${seg(userId)}`),
  /** `null`: the platform's default limit. */
  setQuota: (userId: number, maxRunning: number | null) =>
    request<UserQuotaResponse>('PUT', `/api/admin/users/${seg(userId)}/quota`, {
      max_running: maxRunning,
    }),
  containers: (query: ContainersQuery) =>
    request<AdminContainersResponse>('GET', `/api/admin/containers${toQuery({ ...query })}`),
  stopContainer: (userId: number, type: string) =>
    request<ContainerStateResponse>(
      'POST',
      `/api/admin/containers/${seg(userId)}/${seg(type)}/stop`,
    ),
  /** Removes the container; with `data`, its data volume too. */
  deleteContainer: (userId: number, type: string, data: boolean) =>
    request<ContainerStateResponse>(
      'DELETE',
      `/api/admin/containers/${seg(userId)}/${seg(type)}${data ? '?data=true' : ''}`,
    ),
  audit: (query: Partial<AuditQuery>) =>
    request<AuditResponse>('GET', `/api/admin/audit${toQuery({ ...query })}`),
};
