import { describe, expect, it } from 'vitest';
import { passes } from '../testing/budgets.js';
import { MagicLinkRateLimit } from './rateLimit.js';

const limits = { magicLinkPerEmail: 3, magicLinkPerEmailTotal: 7, magicLinkPerIp: 100 };

describe('MagicLinkRateLimit', () => {
  it('spends the per-address budget per client IP: others cannot spend the owner’s', async () => {
    const limit = new MagicLinkRateLimit(limits);
    for (let i = 0; i < 3; i++) expect(await passes(limit, 'v@x.example', '192.0.2.66')).toBe(true);
    expect(await passes(limit, 'v@x.example', '192.0.2.66')).toBe(false);
    expect(await passes(limit, 'v@x.example', '192.0.2.1')).toBe(true);
  });

  it('caps an address overall, across IPs, at the higher total', async () => {
    const limit = new MagicLinkRateLimit(limits);
    for (let i = 0; i < 7; i++)
      expect(await passes(limit, 'v@x.example', `192.0.2.${i}`)).toBe(true);
    expect(await passes(limit, 'v@x.example', '192.0.2.200')).toBe(false);
    expect(await passes(limit, 'other@x.example', '192.0.2.200')).toBe(true);
  });

  it('limits one IP across addresses', async () => {
    const limit = new MagicLinkRateLimit({ ...limits, magicLinkPerIp: 2 });
    expect(await passes(limit, 'a@x.example', '192.0.2.9')).toBe(true);
    expect(await passes(limit, 'b@x.example', '192.0.2.9')).toBe(true);
    expect(await passes(limit, 'c@x.example', '192.0.2.9')).toBe(false);
  });

  it('keeps the pairs apart whatever characters they hold', async () => {
    const limit = new MagicLinkRateLimit({ ...limits, magicLinkPerEmail: 1 });
    expect(await passes(limit, 'a@x', 'b')).toBe(true);
    expect(await passes(limit, 'a', '@x b')).toBe(true);
  });
});
