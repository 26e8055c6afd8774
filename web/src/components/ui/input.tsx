import type { InputHTMLAttributes } from 'react';
import { cn } from '../../utils/cn';
import { focusRing } from './button';

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return (
    <input
      className={cn(
        'block min-h-10 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400',
        'aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:aria-invalid:border-red-400',
        focusRing,
        className,
      )}
      {...props}
    />
  );
}
