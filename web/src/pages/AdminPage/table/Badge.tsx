import type { LucideIcon } from 'lucide-react';
import { cn } from '../../../utils/cn';

type Tone = 'green' | 'grey' | 'red' | 'amber' | 'indigo';

const tones: Record<Tone, string> = {
  green: 'text-emerald-700 bg-emerald-50 dark:text-emerald-300 dark:bg-emerald-950',
  grey: 'text-zinc-700 bg-zinc-100 dark:text-zinc-300 dark:bg-zinc-800',
  red: 'text-red-700 bg-red-50 dark:text-red-300 dark:bg-red-950',
  amber: 'text-amber-800 bg-amber-50 dark:text-amber-300 dark:bg-amber-950',
  indigo: 'text-indigo-700 bg-indigo-50 dark:text-indigo-300 dark:bg-indigo-950',
};

/** A status word with its icon, so it never rests on colour alone. */
export function Badge({
  tone,
  icon: Icon,
  label,
}: {
  tone: Tone;
  icon: LucideIcon;
  label: string;
}) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium whitespace-nowrap',
        tones[tone],
      )}
    >
      <Icon aria-hidden="true" className="size-3.5" />
      {label}
    </span>
  );
}
