import { Loader2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';

/** What a list shows instead of rows: loading, a failure with a retry, or nothing found. */
export function ListState({
  loading,
  error,
  empty,
  emptyText,
  onRetry,
}: {
  loading: boolean;
  error: string | null;
  empty: boolean;
  emptyText: string;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  if (error) {
    return (
      <div className="flex flex-col items-start gap-3">
        <ErrorText>
          {t('admin.loadFailed')} {error}
        </ErrorText>
        <Button variant="secondary" onClick={onRetry}>
          {t('dashboard.retry')}
        </Button>
      </div>
    );
  }
  if (loading) {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
        <Loader2 aria-hidden="true" className="size-4 animate-spin" />
        {t('loading')}
      </p>
    );
  }
  if (empty) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{emptyText}</p>;
  return null;
}
