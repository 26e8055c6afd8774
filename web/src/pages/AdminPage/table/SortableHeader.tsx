import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../utils/cn';
import { nextSort, type SortOrder } from './listParams';

type Sort<C extends string> = { sort: C; order: SortOrder };

/**
 * A column header that sorts the list by its column: ascending first, the other way when it is
 * already sorted by it. `aria-sort` tells screen readers how the table is sorted; the button says
 * what a click does.
 */
export function SortableHeader<C extends string>({
  label,
  column,
  sort,
  onSort,
}: {
  label: string;
  column: C;
  sort: Sort<C>;
  onSort: (next: Sort<C>) => void;
}) {
  const active = sort.sort === column;
  const { order } = sort;
  const Icon = !active ? ArrowUpDown : order === 'asc' ? ArrowUp : ArrowDown;
  return (
    <th
      scope="col"
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      className="px-3 py-2 text-left font-medium whitespace-nowrap"
    >
      <button
        type="button"
        onClick={() => onSort(nextSort(sort, column))}
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
