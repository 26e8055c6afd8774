import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type Docker from 'dockerode';

/**
 * Turns a followed Docker log stream (framed: 8-byte headers per chunk, stdout and stderr
 * interleaved) into lines. Returns a function that stops following.
 */
export function followLines(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onLine: (line: string) => void,
  onEnd: () => void,
): () => void {
  const text = new PassThrough();
  docker.modem.demuxStream(stream, text, text);
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  lines.on('line', onLine);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    lines.close();
    text.end();
    onEnd();
  };
  stream.on('end', end);
  stream.on('close', end);
  stream.on('error', end);
  return () => {
    (stream as NodeJS.ReadableStream & { destroy?(): void }).destroy?.();
    end();
  };
}
