import type { IncomingHttpHeaders } from 'node:http';

/**
 * What an app's answer may not do to the browser. In path mode every app shares spawner's origin,
 * so an app's cookies and service workers would otherwise reach the dashboard, the API and the
 * other apps on that origin. `prefix` is where the app is served: `/{slug}-{type}/` in path mode,
 * `/` on an app's own origin (subdomain mode).
 */
export function confineResponseHeaders(headers: IncomingHttpHeaders, prefix: string): void {
  const cookies = headers['set-cookie'];
  if (cookies) {
    const kept = cookies.flatMap((cookie) => confineSetCookie(cookie, prefix) ?? []);
    if (kept.length) headers['set-cookie'] = kept;
    else delete headers['set-cookie'];
  }
  // Without this header a worker's scope is at most its script's folder, inside the prefix; with
  // it, an app could register a worker over the dashboard, `/api/auth/verify` (whose answer holds
  // a session token) and other people's apps. On an app's own origin the header is the app's.
  if (prefix !== '/') delete headers['service-worker-allowed'];
}

/**
 * A `Set-Cookie` value as the browser may keep it: never a cookie named like spawner's own (or a
 * nameless one, which the browser sends back as its bare value, `=spawner_session=x` included),
 * never one for another host (`Domain` goes: the cookie is host-only), and with a `Path` inside
 * the prefix. Undefined: the cookie is dropped.
 */
export function confineSetCookie(setCookie: string, prefix: string): string | undefined {
  const [pair = '', ...attributes] = setCookie.split(';');
  const eq = pair.indexOf('=');
  if (eq === -1 || isReservedCookieName(pair.slice(0, eq))) return undefined;
  const kept: string[] = [];
  // Browsers obey the last Path; every Path goes and one confined Path comes back.
  let path: string | undefined;
  for (const attribute of attributes) {
    const name = attribute.split('=', 1)[0]!.trim().toLowerCase();
    if (name === 'path') path = attribute.slice(attribute.indexOf('=') + 1).trim();
    else if (name !== 'domain') kept.push(attribute);
  }
  // A path that does not start with `/` (or none) means the browser's default path: the folder of
  // the request's own path, which is already inside the prefix.
  if (path?.startsWith('/')) kept.push(` Path=${confinePath(path, prefix)}`);
  return [pair, ...kept].join(';');
}

/**
 * Whether a cookie name is spawner's (its session cookie and any it adds later) or nameless.
 * Browsers trim the name and treat the `__Host-` / `__Secure-` prefixes without regard to case.
 */
export function isReservedCookieName(rawName: string): boolean {
  const name = rawName.trim().toLowerCase();
  return (
    name === '' ||
    name.startsWith('spawner') ||
    name.startsWith('__host-spawner') ||
    name.startsWith('__secure-spawner')
  );
}

/**
 * An app-absolute path under the prefix. The app is served with the prefix removed, so its `/x`
 * is the browser's `/{prefix}x`; a path that already names the prefix (an app that knows its
 * base path) is kept as is.
 */
function confinePath(path: string, prefix: string): string {
  const bare = withoutTrailingSlash(prefix);
  if (path === bare || path.startsWith(`${bare}/`)) return path;
  return bare + path;
}

function withoutTrailingSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}
