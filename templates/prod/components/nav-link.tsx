'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

import { cn } from '@/lib/utils';

/** A header link, highlighted while its page (or a page below it) is shown. */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  // usePathname() has no base path and, with trailingSlash, ends in "/".
  const pathname = usePathname();
  const active = href === '/' ? pathname === '/' : pathname.startsWith(href);
  return (
    <Link
      href={href}
      className={cn(
        'rounded-md px-3 py-2 text-sm font-medium transition-colors hover:bg-accent',
        active ? 'text-foreground' : 'text-muted-foreground',
      )}
      aria-current={active ? 'page' : undefined}
    >
      {children}
    </Link>
  );
}
