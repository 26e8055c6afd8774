import { expect, type Page } from '@playwright/test';

/**
 * Collects console errors and page errors, to assert there are none. Two kinds
 * are expected and skipped: Chromium logs the 401 of `GET /api/auth/me` when a
 * signed-out visitor opens the dashboard (that answer is how the app learns
 * to show the sign-in page; an HttpOnly cookie cannot be checked otherwise);
 * and on a plain-HTTP origin other than localhost (the subdomain project's
 * http://spawner.test) it says it ignores the headers that need a secure
 * origin, which production's https gives them.
 */
const INSECURE_ORIGIN_NOTICE =
  /^(The Cross-Origin-Opener-Policy header has been ignored, because the URL's origin was untrustworthy|Clear-Site-Data header on '[^']*': Not supported for insecure origins)/;

export function watchConsole(page: Page): { assertClean: () => void } {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url;
    if (/status of 401/.test(msg.text()) && new URL(where).pathname === '/api/auth/me') return;
    if (new URL(where).protocol === 'http:' && INSECURE_ORIGIN_NOTICE.test(msg.text())) return;
    errors.push(`${msg.text()} (${where})`);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { assertClean: () => expect(errors, 'console errors').toEqual([]) };
}
