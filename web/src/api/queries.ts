import { queryOptions } from '@tanstack/react-query';
import { api } from './client';

/** Poll fast while a container is starting, slowly otherwise. */
const FAST_POLL_MS = 2_000;
const SLOW_POLL_MS = 30_000;

export const meKey = ['me'] as const;
export const containersKey = ['containers'] as const;

export const meQuery = () =>
  queryOptions({
    queryKey: meKey,
    queryFn: api.me,
    staleTime: 5 * 60_000,
  });

export const containersQuery = (starting: boolean) =>
  queryOptions({
    queryKey: containersKey,
    queryFn: api.containers,
    refetchInterval: starting ? FAST_POLL_MS : SLOW_POLL_MS,
    refetchIntervalInBackground: false,
  });

export const tokenPreviewQuery = (token: string) =>
  queryOptions({
    queryKey: ['token-preview', token],
    queryFn: () => api.previewToken(token),
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });
