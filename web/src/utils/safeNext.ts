/**
 * `next` after sign-in: only same-origin relative paths ("/x", not "//host"
 * or "/\host", which browsers read as another origin). Anything else is "/".
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters can smuggle a scheme past the checks above.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  return next;
}

/** The page to return to after signing in again. */
export function loginPathFor(location: Pick<Location, 'pathname' | 'search' | 'hash'>): string {
  const here = location.pathname + location.search + location.hash;
  return `/login?next=${encodeURIComponent(safeNext(here))}`;
}

// The magic link is opened from the mail, often in a new tab, so the
// destination has to outlive this tab: localStorage, holding only a path.
const NEXT_KEY = 'spawner.next';

export function rememberNext(next: string): void {
  try {
    if (safeNext(next) === '/') localStorage.removeItem(NEXT_KEY);
    else localStorage.setItem(NEXT_KEY, next);
  } catch {
    // Storage disabled: after sign-in the dashboard opens instead.
  }
}

export function takeNext(): string {
  try {
    const next = localStorage.getItem(NEXT_KEY);
    localStorage.removeItem(NEXT_KEY);
    return safeNext(next);
  } catch {
    return '/';
  }
}

/** The dashboard's own pages; any other path (a user's app) is served outside this app. */
const DASHBOARD_PATHS = new Set(['/', '/login', '/auth/verify']);

/** Whether `next` is a page of this app (navigate in-app) or not (load it in full). */
export function isDashboardPath(next: string): boolean {
  return DASHBOARD_PATHS.has(new URL(next, window.location.origin).pathname);
}
