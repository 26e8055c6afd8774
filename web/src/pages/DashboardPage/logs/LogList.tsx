import { useEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../utils/cn';
import { AnsiLine } from './AnsiLine';
import type { LogLine } from './logLines';

/** One line's height (`leading-5`); a wrapped line is measured once shown. */
const LINE_PX = 20;

/** Keys that scroll a focused box back towards older lines. */
const BACK_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

/**
 * The lines in a scrolling box that renders only those in view, so 10,000 stay smooth. It scrolls
 * along with new lines while `following`; scrolling back (wheel, touch, keys) calls `onScrollBack`,
 * so reading an older line is not cut short by the next new one. Keyboard users focus the box and scroll it with the
 * arrow and page keys; it is a log whose lines are not read out as they come (that would drown a
 * screen reader), while the panel's status says what changes.
 */
export function LogList({
  lines,
  colours,
  following,
  label,
  placeholder,
  onScrollBack,
}: {
  lines: readonly LogLine[];
  colours: boolean;
  following: boolean;
  label: string;
  /** Shown instead of lines when there are none (loading, empty). */
  placeholder: ReactNode;
  onScrollBack: () => void;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  // This component is not memoised by a compiler, so the virtualiser's changing functions are fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => viewport.current,
    estimateSize: () => LINE_PX,
    getItemKey: (index) => lines[index]?.id ?? index,
    overscan: 20,
    // Room above the first line and below the last, as a terminal leaves.
    paddingStart: 6,
    paddingEnd: 6,
    scrollPaddingEnd: 6,
  });

  useEffect(() => {
    if (following && lines.length > 0)
      virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [following, lines, virtualizer]);

  // What the person does, not scroll events: the list's own scrolling to the end makes those too.
  const scrolledBack = () => {
    if (following) onScrollBack();
  };

  return (
    <div
      ref={viewport}
      role="log"
      aria-live="off"
      aria-label={label}
      tabIndex={0}
      data-testid="log-lines"
      onWheel={(e) => e.deltaY < 0 && scrolledBack()}
      onTouchMove={scrolledBack}
      onKeyDown={(e) => BACK_KEYS.has(e.key) && scrolledBack()}
      className={cn(
        'min-h-48 flex-1 overflow-auto rounded-md border border-zinc-300 bg-white font-mono text-xs leading-5 text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100',
        focusRing,
      )}
    >
      {lines.length === 0 ? (
        <div className="p-3 text-sm text-zinc-600 dark:text-zinc-400">{placeholder}</div>
      ) : (
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = lines[item.index];
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="absolute top-0 left-0 min-h-5 w-full px-3 break-words whitespace-pre-wrap"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {line && <AnsiLine text={line.text} colours={colours} />}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
