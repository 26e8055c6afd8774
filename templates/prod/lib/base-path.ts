/**
 * The path prefix the app is served under ("/alice-prod", or "" at the root),
 * for URLs that Next.js does not prefix itself: fetch() calls and plain <a>
 * or <img> elements. next/link, next/image and /_next/ assets need nothing.
 */
export const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

/** Prefixes an absolute app path ("/api/status/") with the base path. */
export function withBasePath(path: string): string {
  return `${basePath}${path}`;
}
