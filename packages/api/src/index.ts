/**
 * The HTTP API contract of spawner: the zod schema of every request and response body, and the
 * types inferred from them. The server validates and serialises with these schemas and builds
 * its OpenAPI document from them; the web client and the tests import the same types, so a
 * changed field fails the type check wherever it is read.
 */
export * from './errors.js';
export * from './auth.js';
export * from './containers.js';
export * from './audit.js';
export * from './admin.js';
export * from './quota.js';
