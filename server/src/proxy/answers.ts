import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { httpErrorOf } from '../http/errors.js';

/** The proxy's answers outside Fastify, built from the same error mapping as the API's. */

export function sendError(res: ServerResponse, err: unknown): void {
  const { status, body, headers } = httpErrorOf(err);
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** The same answer written on a socket whose upgrade is refused. */
export function sendSocketError(socket: Duplex, err: unknown): void {
  const { status, body, headers } = httpErrorOf(err);
  const text = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(text)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${text}`);
}

/** A browser navigating (it gets pages and redirects), not a script or API client (it gets JSON). */
export function wantsHtml(req: IncomingMessage): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    (req.headers.accept ?? '').includes('text/html')
  );
}
