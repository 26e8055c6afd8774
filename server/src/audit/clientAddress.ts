import type { IncomingMessage } from 'node:http';

/**
 * The client's address as Fastify's `request.ip` gives it under TRUST_PROXY, for requests the
 * proxy takes before Fastify: walking back from the socket through X-Forwarded-For, each hop is
 * believed only while the address it came from is a trusted proxy.
 */
export function clientAddressOf(
  req: Pick<IncomingMessage, 'headers' | 'socket'>,
  trustsPeer: (address: string) => boolean,
): string | null {
  const peer = req.socket.remoteAddress;
  if (!peer) return null;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  let address = peer;
  while (trustsPeer(address) && forwarded.length > 0) address = forwarded.pop()!;
  return address;
}
