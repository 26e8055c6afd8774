import type { Config } from '../config.js';

/** A failure the operator can act on: main prints its message (no stack) and exits 1. */
export class CliError extends Error {}

/** The store in words, without a PostgreSQL password. */
export function storeName(settings: Config['database']): string {
  if (settings.kind === 'sqlite') return `SQLite ${settings.path}`;
  const url = new URL(settings.url);
  return `PostgreSQL ${url.host}${url.pathname}`;
}
