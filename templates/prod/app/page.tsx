import { ArrowRight, BookOpen, Box, Clock, User } from 'lucide-react';
import Image from 'next/image';
import Link from 'next/link';
import { connection } from 'next/server';

import { LiveStatus } from '@/components/live-status';
import { Notes } from '@/components/notes';
import { Badge } from '@/components/ui/badge';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { containerInfo } from '@/lib/container';

import hero from '@/public/hero.png';

export default async function HomePage() {
  // Rendered per request: the page shows this container's own environment.
  await connection();
  const info = containerInfo();

  return (
    <div className="flex flex-col gap-8">
      <section className="flex flex-col gap-4">
        <div className="flex flex-wrap gap-2">
          <Badge>{info.containerType}</Badge>
          <Badge variant="outline">Next.js · Tailwind CSS</Badge>
        </div>
        <h1 className="text-4xl font-bold tracking-tight" data-testid="greeting">
          Welcome, {info.userSlug}
        </h1>
        <p className="max-w-2xl text-lg text-muted-foreground">
          This Next.js app runs in your own container. Edit it, rebuild the image, and it is yours.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href="/docs/getting-started/" className={buttonVariants()}>
            <BookOpen />
            Getting started
          </Link>
          <Link href="/about/" className={buttonVariants({ variant: 'outline' })}>
            About this template
            <ArrowRight />
          </Link>
        </div>
      </section>

      <Image
        src={hero}
        alt="Containers stacked in a row"
        className="h-auto w-full rounded-xl border border-border"
        sizes="(max-width: 896px) 100vw, 896px"
        priority
      />

      <div className="grid gap-4 sm:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription className="flex items-center gap-2">
              <User className="size-4" /> User
            </CardDescription>
            <CardTitle>{info.userSlug}</CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription className="flex items-center gap-2">
              <Box className="size-4" /> Container
            </CardDescription>
            <CardTitle>{info.containerType}</CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription className="flex items-center gap-2">
              <Clock className="size-4" /> Started (UTC)
            </CardDescription>
            <CardTitle className="text-base">
              <time dateTime={info.startedAt}>{info.startedAt.replace('T', ' ').slice(0, 19)}</time>
            </CardTitle>
          </CardHeader>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Server status</CardTitle>
          <CardDescription>Fetched in your browser from this app&apos;s own API.</CardDescription>
        </CardHeader>
        <CardContent>
          <LiveStatus />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Notes</CardTitle>
          <CardDescription>
            Saved in your data volume: a restart, a reset or an image update keeps them.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Notes />
        </CardContent>
      </Card>
    </div>
  );
}
