import { containerInfo } from '@/lib/container';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json(containerInfo());
}
