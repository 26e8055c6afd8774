import type { z } from 'zod';
import type { Config } from '../config.js';
import { formatTable, type Column } from './table.js';

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

/**
 * One page of a list as the admin API answers it: the whole answer as JSON with `--json`,
 * otherwise its rows as a table and, when there are more pages, a line saying so.
 */
export function printPage<Row>(
  answer: { total: number; page: number; per_page: number },
  rows: readonly Row[],
  columns: Column<Row>[],
  json: boolean | undefined,
): void {
  if (json) return printJson(answer);
  process.stdout.write(formatTable(columns, rows));
  process.stdout.write(pageNote(rows.length, answer.total, answer.page, answer.per_page));
}

/** One line after a table when it shows one page of more. */
function pageNote(shown: number, total: number, page: number, perPage: number): string {
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
