import { expect, type Page } from '@playwright/test';

/**
 * Collects console errors and page errors, to assert there are none. One is
 * expected and skipped: Chromium logs the 401 of `GET /api/auth/me` when a
 * signed-out visitor opens the dashboard (that answer is how the app learns
 * to show the sign-in page; an HttpOnly cookie cannot be checked otherwise).
 */
export function watchConsole(page: Page): { assertClean: () => void } {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url;
    if (/status of 401/.test(msg.text()) && new URL(where).pathname === '/api/auth/me') return;
    errors.push(`${msg.text()} (${where})`);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { assertClean: () => expect(errors, 'console errors').toEqual([]) };
}
