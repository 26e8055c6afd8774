import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../utils/cn';
import type { SortOrder } from './listParams';

/**
 * A column header that sorts the list by its column. `aria-sort` tells screen readers how the
 * table is sorted; the button says what a click does.
 */
export function SortableHeader({
  label,
  active,
  order,
  onSort,
}: {
  label: string;
  active: boolean;
  order: SortOrder;
  onSort: () => void;
}) {
  const Icon = !active ? ArrowUpDown : order === 'asc' ? ArrowUp : ArrowDown;
  return (
    <th
      scope="col"
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      className="px-3 py-2 text-left font-medium whitespace-nowrap"
    >
      <button
        type="button"
        onClick={onSort}
        className={cn('-mx-1 inline-flex items-center gap-1 rounded px-1', focusRing)}
      >
        {label}
        <Icon
          aria-hidden="true"
          className={cn('size-3.5', !active && 'text-zinc-500 dark:text-zinc-400')}
        />
      </button>
    </th>
  );
}

/** A plain column header. */
export function Header({ label, className }: { label: string; className?: string }) {
  return (
    <th scope="col" className={cn('px-3 py-2 text-left font-medium whitespace-nowrap', className)}>
      {label}
    </th>
  );
}
