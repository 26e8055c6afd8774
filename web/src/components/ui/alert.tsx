import type { ReactNode } from 'react';
import { CircleAlert } from 'lucide-react';
import { cn } from '../../utils/cn';

/** An inline error, announced to screen readers when it appears. */
export function ErrorText({
  id,
  children,
  className,
}: {
  id?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <p
      id={id}
      role="alert"
      className={cn('flex items-start gap-2 text-sm text-red-700 dark:text-red-400', className)}
    >
      <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <span>{children}</span>
    </p>
  );
}
