import { describe, expect, it } from 'vitest';
import { createPeerTrust, parseTrustedProxies } from './trustProxy.js';

describe('TRUST_PROXY', () => {
  it('trusts nobody when unset, empty or false', () => {
    for (const value of [undefined, '', ' ', 'false']) {
      const trusts = createPeerTrust(parseTrustedProxies(value));
      expect(trusts('127.0.0.1')).toBe(false);
      expect(trusts('::1')).toBe(false);
    }
  });

  it('refuses `true`, which would believe every peer, user containers included', () => {
    expect(() => parseTrustedProxies('true')).toThrow(/every peer/);
  });

  it('names each entry that is not an address, a range or a range name', () => {
    expect(() => parseTrustedProxies('10.0.0.1, proxy.example, 10.0.0.0/33, ::1/200')).toThrow(
      'proxy.example, 10.0.0.0/33, ::1/200',
    );
    expect(() => parseTrustedProxies('10.0.0.0/8/1')).toThrow('10.0.0.0/8/1');
    expect(() => parseTrustedProxies('10.0.0.0/x')).toThrow('10.0.0.0/x');
  });

  it('trusts exactly the listed addresses and ranges', () => {
    const trusts = createPeerTrust(parseTrustedProxies('172.30.0.2, 10.1.0.0/16, fd00::/8'));
    expect(trusts('172.30.0.2')).toBe(true);
    expect(trusts('172.30.0.3')).toBe(false);
    expect(trusts('10.1.200.7')).toBe(true);
    expect(trusts('10.2.0.1')).toBe(false);
    expect(trusts('fd12::1')).toBe(true);
    expect(trusts('fe80::1')).toBe(false);
    // A user container on the bridge, and the loopback: not listed, not trusted.
    expect(trusts('172.17.0.5')).toBe(false);
    expect(trusts('127.0.0.1')).toBe(false);
  });

  it('knows the range names and matches IPv4-mapped IPv6 peers by their IPv4 address', () => {
    const trusts = createPeerTrust(parseTrustedProxies('loopback'));
    expect(trusts('127.0.0.1')).toBe(true);
    expect(trusts('127.8.9.10')).toBe(true);
    expect(trusts('::1')).toBe(true);
    expect(trusts('::ffff:127.0.0.1')).toBe(true);
    expect(trusts('10.0.0.1')).toBe(false);
    const local = createPeerTrust(parseTrustedProxies('uniquelocal,linklocal'));
    expect(local('192.168.1.1')).toBe(true);
    expect(local('172.31.255.255')).toBe(true);
    expect(local('172.32.0.1')).toBe(false);
    expect(local('169.254.169.254')).toBe(true);
    expect(local('8.8.8.8')).toBe(false);
  });

  it('never trusts something that is not an address (a forwarded header’s garbage)', () => {
    const trusts = createPeerTrust(parseTrustedProxies('0.0.0.0/0, ::/0'));
    expect(trusts('1.2.3.4')).toBe(true);
    expect(trusts('unknown')).toBe(false);
    expect(trusts('')).toBe(false);
  });
});
