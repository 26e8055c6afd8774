import { useId, useState, type ReactNode } from 'react';
import { Button } from './button';
import { Input } from './input';
import { dialogClass, useModal } from './useModal';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  /** When set, the confirm button stays disabled until exactly this text is typed. */
  typeToConfirm?: { text: string; label: string };
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * A modal question on the native `<dialog>`: the browser traps focus inside it, Escape closes
 * it and screen readers announce it as a dialog; focus returns to where it was on close.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  typeToConfirm,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const titleId = useId();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const ref = useModal(open, () => setTyped(''));

  const confirmed = !typeToConfirm || typed === typeToConfirm.text;
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} className={dialogClass}>
      <form
        method="dialog"
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!confirmed) return;
          onConfirm();
          onClose();
        }}
      >
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <div className="text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
        {typeToConfirm && (
          <div className="flex flex-col gap-1">
            <label htmlFor={inputId} className="text-sm font-medium">
              {typeToConfirm.label}
            </label>
            <Input
              id={inputId}
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {cancelLabel}
          </Button>
          <Button type="submit" variant="danger" disabled={!confirmed}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
