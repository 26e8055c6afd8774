import { stripAnsi } from './ansi';
import type { LogLine } from './logLines';

/** The lines as a text file's content: escapes stripped, one line each, ending in a newline. */
export function plainText(lines: readonly LogLine[]): string {
  return lines.map((line) => `${stripAnsi(line.text)}\n`).join('');
}

/** The file name a download of a container's logs gets. */
export const logFileName = (type: string) => `${type}-logs.txt`;

/** Saves `text` as a file through the browser's download. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has started the download; the blob is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
