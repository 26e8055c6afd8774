import type { IncomingHttpHeaders } from 'node:http';
import { appOrigin, type Routing } from '../containers/identity.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The origin a user's app is served on, the one its own pages send as `Origin`: spawner's
 * (PUBLIC_URL's) in path mode, the app's own host in subdomain mode (`app` names it).
 */
export function appOriginOf(
  publicUrl: URL,
  app?: { routing: Routing; slug: string; type: string },
): string {
  return app ? appOrigin(publicUrl, app.routing, app, app.type) : publicUrl.origin;
}

/**
 * Whether a request to a user's app may pass as far as where it comes from goes. A browser
 * attaches the owner's cookie to requests that other pages start (SameSite=Lax still sends it
 * from sibling subdomains and other ports of the same host), so a request that changes something
 * (an unsafe method) or opens a WebSocket (a handshake is a GET that browsers send cross-site) must
 * come from the app's own origin. Requests that authenticate by something a browser does not add
 * on its own (no cookie, or a bearer token, which wins over the cookie) are not affected.
 */
export function passesOriginCheck(
  method: string | undefined,
  headers: IncomingHttpHeaders,
  appOrigin: string,
): boolean {
  if (headers.cookie === undefined || headers.authorization !== undefined) return true;
  // Sec-WebSocket-Key too: a proxy in front (Traefik's forward auth) drops the hop-by-hop Upgrade.
  const isUpgrade = headers.upgrade !== undefined || headers['sec-websocket-key'] !== undefined;
  if (!isUpgrade && SAFE_METHODS.has(method ?? 'GET')) return true;
  return isSameOriginRequest(headers, appOrigin);
}

/** Whether the browser says the request was started by a page of the app's own origin. */
export function isSameOriginRequest(headers: IncomingHttpHeaders, appOrigin: string): boolean {
  return headers.origin === appOrigin || headers['sec-fetch-site'] === 'same-origin';
}
