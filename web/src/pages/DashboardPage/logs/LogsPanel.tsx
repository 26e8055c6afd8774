import { useId, useState } from 'react';
import { Copy, Download, Loader2, Pause, Play, RotateCw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../../components/ui/alert';
import { Button, focusRing } from '../../../components/ui/button';
import { useErrorMessage } from '../../../i18n/useErrorMessage';
import { cn } from '../../../utils/cn';
import { downloadText, logFileName, plainText } from './logExport';
import { LogList } from './LogList';
import { MAX_KEPT_LINES } from './logLines';
import { useLogStream, type LogStreamState } from './useLogStream';

/**
 * A container's logs: the last lines, then each new one as the app writes it. Pause holds new
 * lines back (the stream stays open) until Follow shows them; copy and download give the shown
 * lines without escape codes; colours can be shown or stripped.
 */
export function LogsPanel({ type, onReconnect }: { type: string; onReconnect: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { state, lines, follow } = useLogStream(type);
  const { shown, held, following, dropped } = lines;
  const [colours, setColours] = useState(true);
  const [notice, setNotice] = useState('');
  const coloursId = useId();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(plainText(shown));
      setNotice(t('logs.copied', { count: shown.length }));
    } catch {
      // No clipboard outside a secure context, or permission refused.
      setNotice(t('logs.copyFailed'));
    }
  };
  const setFollowing = (next: boolean) => {
    // "Copied …" was about the lines as they were; the status now says something new.
    setNotice('');
    follow(next);
  };
  const stopped = state.phase === 'ended' || state.phase === 'failed';

  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          disabled={state.phase === 'failed'}
          onClick={() => setFollowing(!following)}
        >
          {following ? (
            <Pause aria-hidden="true" className="size-4" />
          ) : (
            <Play aria-hidden="true" className="size-4" />
          )}
          {following ? t('logs.pause') : t('logs.follow')}
        </Button>
        <Button variant="secondary" disabled={shown.length === 0} onClick={() => void copy()}>
          <Copy aria-hidden="true" className="size-4" />
          {t('logs.copy')}
        </Button>
        <Button
          variant="secondary"
          disabled={shown.length === 0}
          onClick={() => downloadText(logFileName(type), plainText(shown))}
        >
          <Download aria-hidden="true" className="size-4" />
          {t('logs.download')}
        </Button>
        {stopped && (
          <Button variant="secondary" onClick={onReconnect}>
            <RotateCw aria-hidden="true" className="size-4" />
            {t('logs.reconnect')}
          </Button>
        )}
        <div className="flex min-h-10 items-center gap-2 px-1">
          <input
            id={coloursId}
            type="checkbox"
            checked={colours}
            onChange={(e) => setColours(e.target.checked)}
            className={cn('size-4 accent-indigo-600 dark:accent-indigo-400', focusRing)}
          />
          <label htmlFor={coloursId} className="text-sm">
            {t('logs.colours')}
          </label>
        </div>
      </div>

      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <p role="status" className="font-medium">
          {statusText(state, following, t)}
          {notice && ` ${notice}`}
        </p>
        <p className="text-zinc-600 dark:text-zinc-400" data-testid="log-count">
          {[
            t('logs.count', { count: shown.length }),
            held.length > 0 && t('logs.held', { count: held.length }),
            dropped > 0
              ? t('logs.dropped', { count: dropped, max: MAX_KEPT_LINES })
              : t('logs.cap', { max: MAX_KEPT_LINES }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </div>
      {state.phase === 'failed' && (
        <ErrorText>{state.error ? errorMessage(state.error) : t('logs.failed')}</ErrorText>
      )}

      <LogList
        lines={shown}
        colours={colours}
        following={following}
        label={t('logs.lines')}
        onScrollBack={() => setFollowing(false)}
        placeholder={
          state.phase === 'loading' ? (
            <span className="flex items-center gap-2">
              <Loader2 aria-hidden="true" className="size-4 animate-spin" />
              {t('logs.loading')}
            </span>
          ) : state.phase === 'live' ? (
            t('logs.empty')
          ) : state.phase === 'ended' ? (
            t('logs.emptyEnded')
          ) : null
        }
      />
    </>
  );
}

/** What the stream is doing, for the status line that screen readers are told about. */
function statusText(
  state: LogStreamState,
  following: boolean,
  t: ReturnType<typeof useTranslation>['t'],
): string {
  switch (state.phase) {
    case 'loading':
      return t('logs.loading');
    case 'live':
      return following ? t('logs.following') : t('logs.paused');
    case 'ended':
      return t('logs.ended');
    case 'failed':
      return '';
  }
}
