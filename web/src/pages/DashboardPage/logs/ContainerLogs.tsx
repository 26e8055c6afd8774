import { useState } from 'react';
import { ScrollText } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Container } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { LogsDialog } from './LogsDialog';
import { LogsPanel } from './LogsPanel';

/** The card's Logs button (once a container exists) and the panel it opens. */
export function ContainerLogs({ container: c }: { container: Container }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // A new stream (from the last lines again) on Reconnect, for a new container, and when the
  // container starts: the stream of a stopped one has ended.
  const streamKey = `${c.container_id ?? ''}/${c.status === 'running'}/${attempt}`;

  return (
    <>
      {c.status !== 'not_created' && (
        <Button variant="secondary" aria-haspopup="dialog" onClick={() => setOpen(true)}>
          <ScrollText aria-hidden="true" className="size-4" />
          {t('logs.open')}
        </Button>
      )}
      {/* Kept while open even if the container goes: the panel then says why it has no lines. */}
      <LogsDialog
        open={open}
        title={t('logs.title', { name: c.display_name })}
        onClose={() => setOpen(false)}
      >
        <LogsPanel key={streamKey} type={c.type} onReconnect={() => setAttempt((n) => n + 1)} />
      </LogsDialog>
    </>
  );
}
