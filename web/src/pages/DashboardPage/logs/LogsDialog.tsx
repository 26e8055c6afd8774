import { useId, useRef, type ReactNode } from 'react';
import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { buttonClasses } from '../../../components/ui/button';
import { useModal } from '../../../components/ui/useModal';

/**
 * The logs panel's frame: a large modal on the native `<dialog>` (the browser keeps focus inside
 * it, Escape closes it, screen readers announce it by its title, and focus returns to the button
 * that opened it). Focus starts on Close, ahead of the toolbar and the lines.
 */
export function LogsDialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const close = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const ref = useModal(open, () => close.current?.focus());

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto h-[min(48rem,calc(100dvh-2rem))] w-[min(72rem,calc(100vw-2rem))] max-w-none rounded-lg border border-zinc-200 bg-white p-4 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 sm:p-6 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <div className="flex h-full flex-col gap-3">
        <div className="flex items-center justify-between gap-2">
          <h2 id={titleId} className="text-lg font-semibold break-words">
            {title}
          </h2>
          <button
            ref={close}
            type="button"
            className={buttonClasses('ghost', 'shrink-0 px-3')}
            onClick={onClose}
          >
            <X aria-hidden="true" className="size-4" />
            {t('logs.close')}
          </button>
        </div>
        {/* Only while open: the stream opens with the panel and closes with it. */}
        {open && children}
      </div>
    </dialog>
  );
}
