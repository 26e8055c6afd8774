// @ts-check
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';

/**
 * The path prefix ({slug}-{type}) is only known when the container starts,
 * but Next.js fixes basePath at build time. The build therefore uses this
 * placeholder, and scripts/serve.cjs writes the real BASE_PATH (or nothing)
 * in its place at start. See README.md.
 */
export const BASE_PATH_PLACEHOLDER = '/__SPAWNER_BASE_PATH__';

/** @type {(phase: string) => import('next').NextConfig} */
export default function config(phase) {
  const basePath = phase === PHASE_DEVELOPMENT_SERVER ? '' : BASE_PATH_PLACEHOLDER;
  return {
    output: 'standalone',
    basePath,
    // Every page URL ends in "/", like the "/{slug}-{type}/" that spawner
    // redirects to; without it Next.js would redirect "/alice-prod/" to
    // "/alice-prod" and the proxy would send it back.
    trailingSlash: true,
    // Lets client code build URLs that Next.js does not prefix by itself
    // (fetch, plain <a>); it is rewritten at start like basePath.
    env: { NEXT_PUBLIC_BASE_PATH: basePath },
    poweredByHeader: false,
    // Images are served as they are. Resizing them (/_next/image) needs
    // sharp, which would add about 19 MB to the image: remove both lines
    // below to have it.
    images: { unoptimized: true },
    outputFileTracingExcludes: { '*': ['node_modules/sharp/**', 'node_modules/@img/**'] },
    // This folder has its own lockfile: trace and bundle from here, not from
    // a repository that happens to contain it.
    outputFileTracingRoot: import.meta.dirname,
    turbopack: { root: import.meta.dirname },
  };
}
