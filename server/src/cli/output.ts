import type { z } from 'zod';
import type { Config } from '../config.js';

/** A failure the operator can act on: main prints its message (no stack) and exits 1. */
export class CliError extends Error {}

/** A command's answer as JSON, for scripts. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The store in words, without a PostgreSQL password. */
export function storeName(settings: Config['database']): string {
  if (settings.kind === 'sqlite') return `SQLite ${settings.path}`;
  const url = new URL(settings.url);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/** One line after a table when it shows one page of more. */
export function pageNote(shown: number, total: number, page: number, perPage: number): string {
  if (total <= shown) return '';
  const pages = Math.ceil(total / perPage);
  return `${shown} of ${total} shown (page ${page} of ${pages}: --page, --per-page)\n`;
}

/** A bad list option, named as the command line spells it (`per_page` is `--per-page`). */
export function queryError(error: z.ZodError): CliError {
  const issue = error.issues[0]!;
  const option = issue.path.join('.') === 'q' ? 'search' : issue.path.join('.');
  return new CliError(`--${option.replace('_', '-')}: ${issue.message}`);
}
