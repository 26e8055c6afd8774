import { Terminal } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';

import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Getting started' };

const steps = [
  ['Run it locally', 'npm ci && npm run dev — the app answers on http://localhost:8080/.'],
  ['Change a page', 'Pages live in app/; components in components/ui/.'],
  ['Link between pages', 'Use next/link with paths like "/about/": Next.js adds the prefix.'],
  ['Call your own API', 'fetch(withBasePath("/api/status/")) from lib/base-path.ts.'],
  ['Ship it', 'Build the image from the Dockerfile and point the template at it.'],
] as const;

export default function GettingStartedPage() {
  return (
    <div className="flex flex-col gap-8">
      <section className="flex flex-col gap-3">
        <Badge variant="secondary" className="w-fit">
          Docs
        </Badge>
        <h1 className="text-3xl font-bold tracking-tight">Getting started</h1>
        <p className="max-w-2xl text-muted-foreground">
          Five steps from this page to your own app.
        </p>
      </section>
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Terminal className="size-5" /> Steps
          </CardTitle>
        </CardHeader>
        <CardContent>
          <ol className="flex flex-col gap-4">
            {steps.map(([title, text], i) => (
              <li key={title} className="flex gap-4">
                <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-primary text-sm font-semibold text-primary-foreground">
                  {i + 1}
                </span>
                <div>
                  <p className="font-medium">{title}</p>
                  <p className="text-sm text-muted-foreground">{text}</p>
                </div>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
      <p className="text-sm text-muted-foreground">
        Back to the{' '}
        <Link href="/" className="font-medium text-primary underline-offset-4 hover:underline">
          home page
        </Link>
        .
      </p>
    </div>
  );
}
