import { useTranslation } from 'react-i18next';
import type { ProgressEvent } from '../../api/types';

/** How far along each phase is, for the bar; waiting creeps on with the seconds. */
function percentOf(event: ProgressEvent | undefined): number {
  switch (event?.phase) {
    case undefined:
    case 'queued':
      return 5;
    case 'creating':
      return 20;
    case 'starting':
      return 40;
    case 'waiting':
      return Math.min(95, 55 + event.seconds * 4);
    case 'ready':
    case 'failed':
    case 'idle':
      return 100;
  }
}

/** A launch's phase as a bar with words, announced politely to screen readers. */
export function LaunchProgressBar({ event }: { event: ProgressEvent | undefined }) {
  const { t } = useTranslation();
  const words =
    event?.phase === 'queued'
      ? t('progress.queued', { count: event.position, ordinal: true })
      : event?.phase === 'creating'
        ? t('progress.creating')
        : event?.phase === 'waiting'
          ? t('progress.waiting', { count: event.seconds })
          : event?.phase === 'ready'
            ? t('progress.ready')
            : t('progress.starting');
  const percent = percentOf(event);
  return (
    <div className="flex flex-col gap-1" data-testid="launch-progress" data-phase={event?.phase}>
      <div
        role="progressbar"
        aria-label={t('progress.label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={words}
        className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div
          className="h-full bg-indigo-600 transition-[width] duration-500 dark:bg-indigo-400"
          style={{ width: `${percent}%` }}
        />
      </div>
      <p aria-live="polite" className="text-sm text-zinc-600 dark:text-zinc-400">
        {words}
      </p>
    </div>
  );
}
