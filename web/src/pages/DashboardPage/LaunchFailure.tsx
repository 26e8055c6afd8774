import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorSentence } from '../../api/errors';
import type { Container, ProgressEvent } from '../../api/types';
import { ErrorText } from '../../components/ui/alert';
import { focusRing } from '../../components/ui/button';
import { cn } from '../../utils/cn';

/** Lines of the app's log shown with a failure: enough for a stack trace's top. */
const LAST_LINES = 20;

export interface LaunchFailureProps {
  container: Container;
  /** The failure of a launch made from this page, already in the reader's language. */
  launchError: string | undefined;
  /** The launch's last progress event: `failed` carries the app's last lines. */
  progress: ProgressEvent | undefined;
}

/**
 * Why the container could not start, in the reader's language, and the app's last lines as it
 * wrote them. For a launch made here the lines come with the failure; for a container found in
 * the `error` state (a launch from elsewhere, a reload) they are fetched once.
 */
export function LaunchFailure({ container: c, launchError, progress }: LaunchFailureProps) {
  const { t } = useTranslation();
  const failedHere = progress?.phase === 'failed' ? progress : undefined;
  const listedFailure = c.status === 'error' && !launchError;
  const fetched = useQuery({
    // Its own key: refreshing the list must not fetch the lines again.
    queryKey: ['failureLogs', c.type, c.container_id, c.error],
    queryFn: () => api.logs(c.type, LAST_LINES),
    enabled: Boolean((listedFailure || (launchError && !failedHere)) && c.container_id),
    staleTime: Infinity,
    retry: false,
  });

  let sentence = launchError;
  if (listedFailure && c.error) {
    sentence = c.error_code
      ? errorSentence({ code: c.error_code, message: c.error }, undefined, t)
      : c.error;
  }
  if (!sentence) return null;
  const logs = (failedHere ? failedHere.logs : fetched.data) ?? '';
  return (
    <div className="flex flex-col gap-2" data-testid="launch-failure">
      <ErrorText>{sentence}</ErrorText>
      {logs.trim() && <LastLines text={logs} />}
    </div>
  );
}

/** The app's own words, unchanged: preformatted, scrollable by keyboard too, and labelled. */
function LastLines({ text }: { text: string }) {
  const { t } = useTranslation();
  const labelId = useId();
  return (
    <div className="flex flex-col gap-1 text-sm">
      <h3 id={labelId} className="font-medium">
        {t('progress.lastLines')}
      </h3>
      <pre
        role="region"
        aria-labelledby={labelId}
        tabIndex={0}
        data-testid="launch-failure-logs"
        className={cn(
          'max-h-48 overflow-auto rounded bg-zinc-100 p-2 font-mono text-xs whitespace-pre text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100',
          focusRing,
        )}
      >
        {text}
      </pre>
    </div>
  );
}
