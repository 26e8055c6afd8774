import { useEffect, useRef } from 'react';

/**
 * Shows a native `<dialog>` as a modal while `open`: the browser traps focus inside it, Escape
 * closes it, and focus returns to where it was. `onOpen` runs each time it is shown (to reset a
 * form or move focus).
 */
export function useModal(open: boolean, onOpen?: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  // The latest onOpen, without showing the dialog again whenever the caller makes a new one.
  const onOpenRef = useRef(onOpen);
  useEffect(() => {
    onOpenRef.current = onOpen;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      // jsdom has no showModal; the open attribute shows it there as well.
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      onOpenRef.current?.();
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);
  return ref;
}

/** The look of a modal dialog. */
export const dialogClass =
  'm-auto max-w-md rounded-lg border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100';
