import { describe, expect, it } from 'vitest';
import type { SignupSettings } from '../config.js';
import { openSignupWarning, SignupPolicy } from './signupPolicy.js';

function policy(settings: Partial<SignupSettings>, known: string[] = []) {
  return new SignupPolicy({
    settings: { mode: 'open', allowedEmails: new Set(), allowedDomains: new Set(), ...settings },
    adminEmails: new Set(['admin@corp.example']),
    isKnownUser: (email) => Promise.resolve(known.includes(email)),
  });
}

describe('SignupPolicy', () => {
  it('lets anyone in when open', async () => {
    expect(await policy({}).mayRequestLink('anyone@anywhere.example')).toBe(true);
  });

  it('allowlist: listed addresses, listed domains, admins and existing users only', async () => {
    const p = policy(
      {
        mode: 'allowlist',
        allowedEmails: new Set(['guest@else.example']),
        allowedDomains: new Set(['team.example']),
      },
      ['old@else.example'],
    );
    expect(await p.mayRequestLink('guest@else.example')).toBe(true);
    expect(await p.mayRequestLink('new@team.example')).toBe(true);
    expect(await p.mayRequestLink('admin@corp.example')).toBe(true);
    expect(await p.mayRequestLink('old@else.example')).toBe(true);
    expect(await p.mayRequestLink('stranger@else.example')).toBe(false);
    // The domain is the whole part after the @, not a suffix of it.
    expect(await p.mayRequestLink('x@evilteam.example')).toBe(false);
    expect(await p.mayRequestLink('x@sub.team.example')).toBe(false);
    expect(await p.mayRequestLink('x@team.example.evil')).toBe(false);
  });

  it('invite: listed addresses, admins and existing users only', async () => {
    const p = policy({ mode: 'invite', allowedEmails: new Set(['guest@else.example']) }, [
      'old@else.example',
    ]);
    expect(await p.mayRequestLink('guest@else.example')).toBe(true);
    expect(await p.mayRequestLink('admin@corp.example')).toBe(true);
    expect(await p.mayRequestLink('old@else.example')).toBe(true);
    expect(await p.mayRequestLink('stranger@else.example')).toBe(false);
    expect(await p.isAllowedToSignUp('old@else.example')).toBe(false);
  });
});

describe('openSignupWarning', () => {
  const open: SignupSettings = {
    mode: 'open',
    allowedEmails: new Set(),
    allowedDomains: new Set(),
  };

  it('warns when anyone who reaches a public spawner may sign up', () => {
    expect(openSignupWarning(open, new URL('https://spawner.example.com'))).toMatch(
      /SIGNUP is open.*https:\/\/spawner\.example\.com/,
    );
    expect(openSignupWarning(open, new URL('http://192.168.1.5:8080'))).toBeDefined();
  });

  it('is quiet on this machine alone, or when sign-up is closed', () => {
    for (const url of [
      'http://localhost:8080',
      'http://127.0.0.1:3000',
      'http://[::1]:8080',
      'http://app.localhost',
    ]) {
      expect(openSignupWarning(open, new URL(url)), url).toBeUndefined();
    }
    expect(
      openSignupWarning({ ...open, mode: 'invite' }, new URL('https://spawner.example.com')),
    ).toBeUndefined();
  });
});
