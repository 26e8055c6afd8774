import { Layers, Route, ShieldCheck } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';

import { Badge } from '@/components/ui/badge';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

export const metadata: Metadata = { title: 'About' };

const points = [
  {
    icon: Route,
    title: 'Served under your prefix',
    text: 'The proxy removes /{slug}-{type} before a request arrives; the app puts it back, so Next.js sees the base path it expects.',
  },
  {
    icon: Layers,
    title: 'Built once, placed at start',
    text: 'The image is built with a placeholder base path; the real one is written in when the container starts.',
  },
  {
    icon: ShieldCheck,
    title: 'Private to you',
    text: 'Only you reach this container: spawner checks who you are before any request gets here.',
  },
];

export default function AboutPage() {
  return (
    <div className="flex flex-col gap-8">
      <section className="flex flex-col gap-3">
        <Badge variant="secondary" className="w-fit">
          About
        </Badge>
        <h1 className="text-3xl font-bold tracking-tight">About this template</h1>
        <p className="max-w-2xl text-muted-foreground">
          The default &ldquo;prod&rdquo; template of spawner: Next.js with the App Router, Tailwind
          CSS and a few shadcn/ui-style components, running in production mode.
        </p>
      </section>
      <div className="grid gap-4 sm:grid-cols-3">
        {points.map(({ icon: Icon, title, text }) => (
          <Card key={title}>
            <CardHeader>
              <Icon className="size-5 text-primary" />
              <CardTitle className="text-base">{title}</CardTitle>
            </CardHeader>
            <CardContent>
              <CardDescription>{text}</CardDescription>
            </CardContent>
          </Card>
        ))}
      </div>
      <Link href="/" className={buttonVariants({ variant: 'outline', className: 'w-fit' })}>
        Back home
      </Link>
    </div>
  );
}
