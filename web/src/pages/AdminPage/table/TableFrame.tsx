import type { ReactNode } from 'react';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../utils/cn';

/**
 * A table that scrolls sideways on its own on a narrow screen, so the page does not. The
 * region is focusable, so keyboard users can scroll it too.
 */
export function TableFrame({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={cn(
        'overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900',
        focusRing,
      )}
    >
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** The header row's look. */
export const headClass =
  'border-b border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-300';
/** A body row's look. */
export const rowClass = 'border-b border-zinc-100 last:border-0 dark:border-zinc-800';
/** A body cell's look. */
export const cellClass = 'px-3 py-2 align-middle';
