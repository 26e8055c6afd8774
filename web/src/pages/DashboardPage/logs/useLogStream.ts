import { useCallback, useEffect, useState } from 'react';
import { api, logsPath } from '../../../api/client';
import { appendLines, emptyLogLines, setFollowing, TAIL_LINES, type LogLines } from './logLines';

/** Lines arrive in bursts (the last 500 at once): one render per this many ms, not per line. */
const FLUSH_MS = 50;

export type LogStreamState =
  /** Waiting for the stream to open. */
  | { phase: 'loading' }
  /** Open: the last lines came first, new ones follow. */
  | { phase: 'live' }
  /** The server ended it: the container stopped (or went away). */
  | { phase: 'ended' }
  /** It could not be opened; `error` is the API's answer when it gave one. */
  | { phase: 'failed'; error: unknown };

export interface LogStream {
  state: LogStreamState;
  lines: LogLines;
  /** Follow (show held lines, scroll along) or pause (hold new lines back). */
  follow: (following: boolean) => void;
}

/**
 * Follows the container's logs while mounted: one server-sent event stream that sends the last
 * TAIL_LINES first, then each new line, so no line comes twice. Mount it anew (a new `key`) to
 * start over.
 */
export function useLogStream(type: string): LogStream {
  const [lines, setLines] = useState<LogLines>(emptyLogLines);
  const [state, setState] = useState<LogStreamState>({ phase: 'loading' });

  useEffect(() => {
    const source = new EventSource(logsPath(type, { tail: TAIL_LINES, follow: true }));
    let pending: string[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let opened = false;
    let unmounted = false;
    const flush = () => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      const texts = pending;
      pending = [];
      setLines((current) => appendLines(current, texts));
    };
    source.onopen = () => {
      opened = true;
      setState({ phase: 'live' });
    };
    source.onmessage = (message: MessageEvent<string>) => {
      const line = lineOf(message.data);
      if (line === undefined) return;
      pending.push(line);
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    source.onerror = () => {
      // The browser would reconnect and be sent the last lines again: stop instead.
      source.close();
      flush();
      if (opened) {
        setState({ phase: 'ended' });
        return;
      }
      // EventSource does not say why it failed; the plain request answers with the reason.
      api.logs(type, 1).then(
        () => !unmounted && setState({ phase: 'failed', error: undefined }),
        (error: unknown) => !unmounted && setState({ phase: 'failed', error }),
      );
    };
    return () => {
      unmounted = true;
      clearTimeout(flushTimer);
      source.close();
    };
  }, [type]);

  const follow = useCallback(
    (following: boolean) => setLines((current) => setFollowing(current, following)),
    [],
  );
  return { state, lines, follow };
}

/** The line of one event, or undefined for data that is not `{"line": "..."}`. */
function lineOf(data: string): string | undefined {
  try {
    const event = JSON.parse(data) as unknown;
    if (typeof event === 'object' && event !== null && 'line' in event) {
      const { line } = event;
      if (typeof line === 'string') return line;
    }
  } catch {
    // Not JSON: not one of ours.
  }
  return undefined;
}
