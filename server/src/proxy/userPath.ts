/**
 * Which user container a request is for. Path mode reads the first path segment,
 * `/{slug}-{type}`; a subdomain mode would read the host instead and return the same shape,
 * so the proxy and the auth check do not change.
 */
export interface UserRoute {
  slug: string;
  type: string;
  /** The public prefix, `/{slug}-{type}`. */
  prefix: string;
  /** What the container sees: the rest of the path and the query, always starting with `/`. */
  upstreamUrl: string;
  /** The bare prefix was asked for: answer with a redirect to `{prefix}/`. */
  needsSlash: boolean;
}

const SEGMENT = /^([a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?)-([a-z][a-z0-9]{0,15})$/;

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
  const match = SEGMENT.exec(segment);
  if (!match || !isTemplate(match[2]!)) return undefined;
  const rest = slashAt >= 0 ? path.slice(slashAt) : '';
  return {
    slug: match[1]!,
    type: match[2]!,
    prefix: `/${segment}`,
    upstreamUrl: (rest || '/') + query,
    needsSlash: rest === '',
  };
}
