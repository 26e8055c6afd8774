import { MAX_NOTES_BYTES, readNotes, writeNotes } from '@/lib/notes';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json({ text: await readNotes() });
}

export async function PUT(request: Request) {
  const body = (await request.json().catch(() => null)) as { text?: unknown } | null;
  if (typeof body?.text !== 'string' || Buffer.byteLength(body.text) > MAX_NOTES_BYTES) {
    return Response.json({ error: 'Notes are text of at most 64 KiB.' }, { status: 400 });
  }
  await writeNotes(body.text);
  return Response.json({ text: body.text });
}
