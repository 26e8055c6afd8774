import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { AuditQuery } from '@spawner/api';
import { adminApi, type ContainersQuery, type UsersQuery } from './adminClient';

/** Every admin list's cache entries start with this, so an action can refresh them all. */
export const adminKey = ['admin'] as const;

/** Lists stay on screen while the next page or sort loads, instead of flashing empty. */
const listOptions = { placeholderData: keepPreviousData } as const;

export const usersQuery = (query: UsersQuery) =>
  queryOptions({
    queryKey: [...adminKey, 'users', query],
    queryFn: () => adminApi.users(query),
    ...listOptions,
  });

export const containersAdminQuery = (query: ContainersQuery) =>
  queryOptions({
    queryKey: [...adminKey, 'containers', query],
    queryFn: () => adminApi.containers(query),
    ...listOptions,
  });

export const auditQuery = (query: Partial<AuditQuery>) =>
  queryOptions({
    queryKey: [...adminKey, 'audit', query],
    queryFn: () => adminApi.audit(query),
    ...listOptions,
  });
