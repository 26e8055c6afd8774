import type { IncomingHttpHeaders } from 'node:http';

/**
 * Headers in which a client says who it is or how it arrived. Only a peer in TRUST_PROXY may send
 * them on; from anyone else they are removed before the request reaches a container, so an app
 * never takes a client's word for its address, scheme or host.
 */
export function isClientForwardingHeader(lowerName: string): boolean {
  return (
    lowerName === 'forwarded' || lowerName === 'x-real-ip' || lowerName.startsWith('x-forwarded-')
  );
}

export interface Arrival {
  /** The socket's remote address: whoever connected to spawner. */
  peerAddress: string;
  /** Whether that peer is a trusted proxy (its X-Forwarded-* are believed and extended). */
  trusted: boolean;
  /** The public prefix the app is served under (`/` on an app's own origin). */
  prefix: string;
}

/**
 * The X-Forwarded-* headers spawner sends to a container, replacing whatever the client sent: the
 * peer's address, the port and scheme spawner was reached on, the Host, and the prefix. From a
 * trusted proxy its own values come first (`For` and `Port` and `Proto` extended, `Host` kept).
 */
export function forwardingHeadersOf(
  headers: IncomingHttpHeaders,
  arrival: Arrival,
): Record<string, string> {
  const { trusted, peerAddress } = arrival;
  const host = headers.host ?? '';
  const port = /:(\d+)$/.exec(host)?.[1] ?? '80';
  const believed = (name: string) => (trusted ? firstValue(headers[name]) : undefined);
  const extended = (name: string, value: string) => {
    const before = believed(name);
    return before ? `${before},${value}` : value;
  };
  return {
    'x-forwarded-for': extended('x-forwarded-for', peerAddress),
    'x-forwarded-port': extended('x-forwarded-port', port),
    'x-forwarded-proto': extended('x-forwarded-proto', 'http'),
    'x-forwarded-host': believed('x-forwarded-host') || host,
    'x-forwarded-prefix': arrival.prefix,
  };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
