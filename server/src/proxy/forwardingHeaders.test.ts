import { describe, expect, it } from 'vitest';
import { forwardingHeadersOf, isClientForwardingHeader } from './forwardingHeaders.js';

const spoofed = {
  host: 'spawner.example:8080',
  'x-forwarded-for': '203.0.113.9',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-port': '443',
};

describe('isClientForwardingHeader', () => {
  it.each([
    'forwarded',
    'x-real-ip',
    'x-forwarded-for',
    'x-forwarded-host',
    'x-forwarded-anything',
  ])('%s is', (name) => expect(isClientForwardingHeader(name)).toBe(true));
  it.each(['host', 'origin', 'x-forward', 'x-request-id', 'cookie'])('%s is not', (name) =>
    expect(isClientForwardingHeader(name)).toBe(false),
  );
});

describe('forwardingHeadersOf', () => {
  it('ignores what an untrusted client says', () => {
    expect(
      forwardingHeadersOf(spoofed, { peerAddress: '10.1.2.3', trusted: false, prefix: '/bob-dev' }),
    ).toEqual({
      'x-forwarded-for': '10.1.2.3',
      'x-forwarded-port': '8080',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'spawner.example:8080',
      'x-forwarded-prefix': '/bob-dev',
    });
  });

  it('extends what a trusted proxy says', () => {
    expect(
      forwardingHeadersOf(spoofed, { peerAddress: '127.0.0.1', trusted: true, prefix: '/' }),
    ).toEqual({
      'x-forwarded-for': '203.0.113.9,127.0.0.1',
      'x-forwarded-port': '443,8080',
      'x-forwarded-proto': 'https,http',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-prefix': '/',
    });
  });

  it('reads the port of an IPv6 host and defaults to 80', () => {
    const of = (host: string) =>
      forwardingHeadersOf({ host }, { peerAddress: '::1', trusted: false, prefix: '/' })[
        'x-forwarded-port'
      ];
    expect(of('[::1]:9000')).toBe('9000');
    expect(of('[::1]')).toBe('80');
    expect(of('spawner.example')).toBe('80');
  });
});
