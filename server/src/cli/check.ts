/** The outcome of one doctor check: `fail` makes doctor exit non-zero, `warn` does not. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  /** What was checked, a few words: `engine`, `images`, `store`, ... */
  name: string;
  status: CheckStatus;
  /** What was found, one sentence. */
  detail: string;
  /** What to do about a warning or failure. */
  fix?: string;
}

const LABELS: Record<CheckStatus, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL' };

/** The results as lines for a terminal: status, name, finding, and the fix below it. */
export function formatChecks(results: readonly CheckResult[]): string {
  const nameWidth = Math.max(...results.map((r) => r.name.length));
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${LABELS[r.status].padEnd(4)}  ${r.name.padEnd(nameWidth)}  ${r.detail}`);
    if (r.fix && r.status !== 'ok') lines.push(`${' '.repeat(nameWidth + 8)}fix: ${r.fix}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs a check that may hang (an engine or server that never answers) with a deadline. */
export async function withDeadline<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** An error's message on one line. */
export function messageOf(err: unknown): string {
  return String(err instanceof Error ? err.message : err).replace(/\s+/g, ' ');
}
