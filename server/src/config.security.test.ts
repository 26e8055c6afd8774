import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('security settings', () => {
  it('default to open sign-up, no trusted proxy and the documented limits', () => {
    const c = loadConfig({});
    expect(c.signup.mode).toBe('open');
    expect(c.trustProxy).toEqual([]);
    expect(c.rateLimits).toEqual({
      magicLinkPerEmail: 5,
      magicLinkPerEmailTotal: 50,
      magicLinkPerIp: 20,
    });
  });

  it('read the sign-up lists case-blind, domains with or without their @', () => {
    const c = loadConfig({
      SIGNUP: 'allowlist',
      ALLOWED_EMAILS: ' Ann@Else.example , bo@x.example',
      ALLOWED_EMAIL_DOMAINS: '@Team.example,corp.example',
    });
    expect([...c.signup.allowedEmails]).toEqual(['ann@else.example', 'bo@x.example']);
    expect([...c.signup.allowedDomains]).toEqual(['team.example', 'corp.example']);
  });

  it.each([
    [{ SIGNUP: 'closed' }, /SIGNUP/],
    [{ SIGNUP: 'invite', ALLOWED_EMAIL_DOMAINS: 'team.example' }, /ALLOWED_EMAIL_DOMAINS/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY: `true` would trust/],
    [{ TRUST_PROXY: 'traefik' }, /TRUST_PROXY: .*traefik/],
    [{ RATE_LIMIT_MAGIC_LINK_PER_EMAIL_TOTAL: '0' }, /RATE_LIMIT_MAGIC_LINK_PER_EMAIL_TOTAL/],
  ])('name the bad setting in %o', (env, pattern) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(pattern);
  });

  it('take TRUST_PROXY as a list', () => {
    expect(loadConfig({ TRUST_PROXY: 'loopback, 172.30.0.2' }).trustProxy).toEqual([
      'loopback',
      '172.30.0.2',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toEqual([]);
  });
});
