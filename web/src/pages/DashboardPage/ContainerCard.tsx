import { ExternalLink, Loader2, Play } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Container } from '../../api/types';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { RelativeTime } from '../../components/RelativeTime';
import { formatBytes } from '../../i18n/formatters';
import { ContainerActions } from './ContainerActions';
import { LaunchFailure } from './LaunchFailure';
import { LaunchProgressBar } from './LaunchProgressBar';
import { useLaunchProgress } from './useLaunchProgress';
import { StatusBadge } from './StatusBadge';

export interface ContainerCardProps {
  container: Container;
  starting: boolean;
  launchError: string | undefined;
  onLaunch: (container: Container) => void;
}

export function ContainerCard({
  container: c,
  starting,
  launchError,
  onLaunch,
}: ContainerCardProps) {
  const { t } = useTranslation();
  // Followed while starting; a failure's last event stays, to show the app's last lines.
  const progress = useLaunchProgress(c.type, starting);
  const titleId = `card-${c.type}-title`;
  const running = c.status === 'running';
  const label = starting
    ? t('dashboard.starting')
    : running
      ? t('dashboard.open')
      : t('dashboard.createAndOpen');

  return (
    <Card
      className="w-full"
      aria-labelledby={titleId}
      aria-busy={starting || undefined}
      data-testid={`card-${c.type}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id={titleId} className="text-lg font-semibold">
          {c.display_name}
        </h2>
        <div className="flex flex-wrap items-center gap-2">
          {c.update_available && !starting && (
            <span className="rounded-full bg-amber-50 px-2.5 py-1 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-200">
              {t('dashboard.updateAvailable')}
            </span>
          )}
          <StatusBadge status={c.status} starting={starting} />
        </div>
      </div>
      {c.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{c.description}</p>}

      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-500 dark:text-zinc-400">{t('dashboard.created')}</dt>
        <dd>{c.created_at ? <RelativeTime iso={c.created_at} /> : '—'}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">{t('dashboard.lastUsed')}</dt>
        <dd>{c.last_used ? <RelativeTime iso={c.last_used} /> : t('dashboard.never')}</dd>
        {c.stops_at && (
          <>
            <dt className="text-zinc-500 dark:text-zinc-400">{t('dashboard.stopsAt')}</dt>
            <dd>
              <RelativeTime iso={c.stops_at} future />
            </dd>
          </>
        )}
        {c.data_size_bytes !== null && (
          <>
            <dt className="text-zinc-500 dark:text-zinc-400">{t('dashboard.dataSize')}</dt>
            <dd>{formatBytes(c.data_size_bytes, t)}</dd>
          </>
        )}
        <dt className="text-zinc-500 dark:text-zinc-400">{t('dashboard.serviceUrl')}</dt>
        <dd className="font-mono text-xs leading-5 break-all">{c.service_url}</dd>
      </dl>

      {starting && <LaunchProgressBar event={progress} />}
      {!starting && <LaunchFailure container={c} launchError={launchError} progress={progress} />}

      <Button
        className="mt-auto w-full sm:w-auto sm:self-start"
        variant={running ? 'secondary' : 'primary'}
        disabled={starting}
        aria-busy={starting || undefined}
        aria-describedby={titleId}
        onClick={() => onLaunch(c)}
      >
        {starting ? (
          <Loader2 aria-hidden="true" className="size-4 animate-spin" />
        ) : running ? (
          <ExternalLink aria-hidden="true" className="size-4" />
        ) : (
          <Play aria-hidden="true" className="size-4" />
        )}
        {label}
      </Button>
      <ContainerActions container={c} busy={starting} />
    </Card>
  );
}
