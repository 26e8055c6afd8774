import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, isUnauthenticated } from './api/errors';

const AUTH_PAGES = ['/login', '/auth/verify'];

/** Any 401 (other than a bad magic-link token) means: sign in, then come back. */
function onError(err: unknown, client: () => QueryClient, toSignIn: () => void) {
  if (!isUnauthenticated(err) || AUTH_PAGES.includes(window.location.pathname)) return;
  client().clear();
  toSignIn();
}

/** `toSignIn` leaves for the sign-in page; the router does that (routing/signIn.ts). */
export function createQueryClient(toSignIn: () => void): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (err) => onError(err, () => client, toSignIn) }),
    mutationCache: new MutationCache({ onError: (err) => onError(err, () => client, toSignIn) }),
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again.
        retry: (count, err) => !(isApiError(err) && err.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
  return client;
}
