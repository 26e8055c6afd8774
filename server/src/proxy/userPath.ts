/**
 * Which user container a request is for. Path mode reads the first path segment,
 * `/{slug}-{type}`; subdomain mode reads the host instead (appHost.ts) and returns the same
 * shape, so the proxy and the auth check do not change.
 */
export interface UserRoute {
  slug: string;
  type: string;
  /** The public prefix, `/{slug}-{type}`; `/` on an app's own host (subdomain mode). */
  prefix: string;
  /** What the container sees: the rest of the path and the query, always starting with `/`. */
  upstreamUrl: string;
  /** The bare prefix was asked for: answer with a redirect to `{prefix}/`. */
  needsSlash: boolean;
}

const SEGMENT = /^([a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?)-([a-z][a-z0-9]{0,15})$/;

/** An app's name, `{slug}-{type}` (a path segment, or a host's first label), read as its two parts. */
export function parseAppName(
  name: string,
  isTemplate: (type: string) => boolean,
): { slug: string; type: string } | undefined {
  const match = SEGMENT.exec(name);
  if (!match || !isTemplate(match[2]!)) return undefined;
  return { slug: match[1]!, type: match[2]! };
}

/** `{slug}-{type}`: how an app is named in hosts, paths and the handshake. */
export function appNameOf(route: Pick<UserRoute, 'slug' | 'type'>): string {
  return `${route.slug}-${route.type}`;
}

/**
 * Matches `/{slug}-{type}` as a whole first segment (`/bob-devx` is not `/bob-dev`). Segments with
 * anything outside `[a-z0-9-]` (encoded dots or slashes included) never match, so the decision
 * is made on the raw path and cannot be steered by decoding tricks.
 */
export function matchUserPath(
  rawUrl: string,
  isTemplate: (type: string) => boolean,
): UserRoute | undefined {
  if (!rawUrl.startsWith('/')) return undefined;
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt >= 0 ? rawUrl.slice(0, queryAt) : rawUrl;
  const query = queryAt >= 0 ? rawUrl.slice(queryAt) : '';
  const slashAt = path.indexOf('/', 1);
  const segment = slashAt >= 0 ? path.slice(1, slashAt) : path.slice(1);
  const app = parseAppName(segment, isTemplate);
  if (!app) return undefined;
  const rest = slashAt >= 0 ? path.slice(slashAt) : '';
  return {
    ...app,
    prefix: `/${segment}`,
    upstreamUrl: (rest || '/') + query,
    needsSlash: rest === '',
  };
}
