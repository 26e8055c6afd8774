import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** spawner mounts a volume here that outlives the container (restarts, resets, image updates). */
const DATA_DIR = process.env.DATA_DIR ?? '/data';
const NOTES_FILE = join(DATA_DIR, 'notes.txt');
export const MAX_NOTES_BYTES = 64 * 1024;

export async function readNotes(): Promise<string> {
  try {
    return await readFile(NOTES_FILE, 'utf8');
  } catch {
    return '';
  }
}

/** Writes to a temporary file first, so a crash never leaves half a note. */
export async function writeNotes(text: string): Promise<void> {
  await mkdir(DATA_DIR, { recursive: true });
  const temporary = `${NOTES_FILE}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, NOTES_FILE);
}
