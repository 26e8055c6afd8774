import type { Metadata } from 'next';
import Image from 'next/image';
import Link from 'next/link';
import type { ReactNode } from 'react';

import { NavLink } from '@/components/nav-link';
import { withBasePath } from '@/lib/base-path';

import { inter } from './fonts';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Your spawner app', template: '%s · spawner' },
  description: 'A Next.js app running in your own spawner container.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen font-sans">
        <header className="border-b border-border bg-card">
          <div className="mx-auto flex max-w-4xl items-center justify-between gap-4 px-6 py-3">
            <Link href="/" className="flex items-center gap-2 font-semibold">
              {/* A string src from public/ is not prefixed by next/image: add it. */}
              <Image src={withBasePath('/logo.svg')} alt="" width={28} height={28} priority />
              spawner
            </Link>
            <nav className="flex items-center gap-1">
              <NavLink href="/">Home</NavLink>
              <NavLink href="/about/">About</NavLink>
              <NavLink href="/docs/getting-started/">Getting started</NavLink>
            </nav>
          </div>
        </header>
        <main className="mx-auto max-w-4xl px-6 py-10">{children}</main>
      </body>
    </html>
  );
}
