import { BlockList, isIP } from 'node:net';

/**
 * The peers whose `X-Forwarded-*` headers spawner believes: addresses, CIDR ranges and the names
 * `loopback`, `linklocal` and `uniquelocal` (private ranges). Empty: no peer is believed.
 */
export type TrustedProxies = readonly string[];

/** What each name of TRUST_PROXY stands for (the names proxy-addr and Express use). */
const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/**
 * Reads TRUST_PROXY: a comma list of addresses, CIDRs and range names; unset, empty or `false`
 * trust nobody. `true` is refused: it would believe every peer, user containers included (they
 * can reach spawner directly), so any of them could pick the client address rate limits count.
 * Throws an Error whose message names each bad entry.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return [];
  if (text === 'true') {
    throw new Error(
      '`true` would trust X-Forwarded-* from every peer, user containers included; list the proxy addresses instead (e.g. loopback, 172.30.0.2 or 10.0.0.0/8)',
    );
  }
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => !(entry in NAMED_RANGES) && !parseRange(entry));
  if (bad.length) {
    throw new Error(
      `not an address, CIDR range, loopback, linklocal or uniquelocal: ${bad.join(', ')}`,
    );
  }
  return entries;
}

/**
 * Whether a peer is one of the trusted proxies; decided per connection from the socket's address,
 * never from anything the request says. IPv4-mapped IPv6 addresses match their IPv4 ranges.
 */
export function createPeerTrust(setting: TrustedProxies): (peerAddress: string) => boolean {
  if (setting.length === 0) return () => false;
  const trusted = new BlockList();
  for (const entry of setting.flatMap((e) => NAMED_RANGES[e] ?? [e])) {
    const range = parseRange(entry);
    if (!range) throw new Error(`TRUST_PROXY: bad entry ${entry}`);
    trusted.addSubnet(range.address, range.prefix, range.family);
  }
  return (peerAddress) => {
    const version = isIP(peerAddress);
    return version !== 0 && trusted.check(peerAddress, version === 4 ? 'ipv4' : 'ipv6');
  };
}

interface Range {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** An address (a range of one) or a CIDR range; undefined when it is neither. */
function parseRange(entry: string): Range | undefined {
  const [address = '', prefixText, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? '0') || prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}
