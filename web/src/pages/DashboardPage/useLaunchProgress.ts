import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../api/types';

/** Asking again while the launch has not begun on the server yet. */
const RETRY_MS = 300;

/**
 * The phases of a container's launch while `active`, from the server's event stream (the
 * same one the "Starting…" page follows). Undefined before the first event, and where the
 * browser has no EventSource.
 */
export function useLaunchProgress(type: string, active: boolean): ProgressEvent | undefined {
  const [event, setEvent] = useState<ProgressEvent | undefined>();
  useEffect(() => {
    if (!active || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const follow = (first: boolean) => {
      source = new EventSource(`/api/container/${encodeURIComponent(type)}/progress`);
      // A new launch: what the last one ended with is stale.
      if (first) source.onopen = () => setEvent(undefined);
      source.onmessage = (message: MessageEvent<string>) => {
        const next = JSON.parse(message.data) as ProgressEvent;
        if (next.phase === 'idle') {
          // The click's launch has not reached the server yet: look again shortly.
          source?.close();
          retry = setTimeout(() => follow(false), RETRY_MS);
          return;
        }
        setEvent(next);
        if (next.phase === 'ready' || next.phase === 'failed') source?.close();
      };
      // The stream ends after ready or failed; the browser would reconnect: stop instead.
      source.onerror = () => source?.close();
    };
    follow(true);
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [type, active]);
  return event;
}
