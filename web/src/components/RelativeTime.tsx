import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFull, formatRelative } from '../i18n/formatters';

// One shared clock for every relative time on the page, ticking each 30 s.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  if (listeners.size === 0) now = Date.now();
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, 30_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getNow = () => now;

/** "3 minutes ago" (or, for a `future` time, "in 20 minutes"), with the full date and time on hover. */
export function RelativeTime({ iso, future = false }: { iso: string; future?: boolean }) {
  const { t } = useTranslation();
  const current = useSyncExternalStore(subscribe, getNow, getNow);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <span>{iso}</span>;
  // A fresh timestamp from the server may be newer than the clock's last tick: a past time
  // never reads as "in 10 seconds".
  const reference = new Date(future ? current : Math.max(current, date.getTime()));
  return (
    <time dateTime={iso} title={formatFull(date, t)}>
      {formatRelative(date, reference, t)}
    </time>
  );
}
