import type { ServerResponse } from 'node:http';
import { errorCodes } from '@spawner/api';
import { describe, expect, it } from 'vitest';
import { notYoursPage, startingPage } from './pages.js';
import { pageLanguageOf, pageText } from './pageText.js';

describe('pageLanguageOf', () => {
  it("takes the dashboard's choice from its cookie first", () => {
    expect(
      pageLanguageOf({ cookie: 'a=1; spawner_lang=de', 'accept-language': 'en-US,en;q=0.9' }),
    ).toBe('de');
    expect(pageLanguageOf({ cookie: 'spawner_lang=en', 'accept-language': 'de-DE' })).toBe('en');
  });

  it("falls back to the browser's most wanted language that we have, then English", () => {
    expect(pageLanguageOf({ 'accept-language': 'fr-FR, de-AT;q=0.8, en;q=0.5' })).toBe('de');
    expect(pageLanguageOf({ 'accept-language': 'en;q=0.1, de;q=0.9' })).toBe('de');
    expect(pageLanguageOf({ 'accept-language': 'de;q=0, en' })).toBe('en');
    expect(pageLanguageOf({ cookie: 'spawner_lang=xx', 'accept-language': 'fr' })).toBe('en');
    expect(pageLanguageOf({})).toBe('en');
  });
});

describe('pageText', () => {
  it('has a sentence for every launch failure in both languages', () => {
    for (const code of ['image_missing', 'app_exited', 'not_ready', 'engine_unavailable'] as const)
      for (const lang of ['en', 'de'] as const) expect(pageText(lang).failures[code]).toBeTruthy();
    const known = new Set<string>(errorCodes);
    for (const key of Object.keys(pageText('de').failures)) {
      if (key !== 'other' && key !== 'app_exited_code') expect(known).toContain(key);
    }
    expect(Object.keys(pageText('de').failures).sort()).toEqual(
      Object.keys(pageText('en').failures).sort(),
    );
  });
});

/** What a page wrote: status, headers and body. */
function capture() {
  const out = { status: 0, headers: {} as Record<string, unknown>, body: '' };
  const res = {
    writeHead(status: number, headers: Record<string, unknown>) {
      out.status = status;
      out.headers = headers;
      return res;
    },
    end(body: string) {
      out.body = body;
    },
  };
  return { res: res as unknown as ServerResponse, out };
}

describe('the proxy pages', () => {
  it('serve the starting page in German, self-contained under a nonce', () => {
    const { res, out } = capture();
    startingPage(res, {
      displayName: 'Development <Container>',
      type: 'dev',
      nonce: 'abc123',
      language: 'de',
    });
    expect(out.status).toBe(200);
    expect(out.body).toContain('<html lang="de">');
    expect(out.body).toContain('Dein Development &#60;Container&#62; wird gestartet…');
    expect(out.body).toContain('Warte auf die Antwort der App');
    expect(out.body).toContain('Exit-Code {code}');
    expect(out.body).not.toContain('<Container>');
    expect(out.headers['content-language']).toBe('de');
    expect(out.headers['content-security-policy']).toContain("script-src 'nonce-abc123'");
    expect(out.body).toContain('<script nonce="abc123">');
  });

  it('keep a display name from closing the script', () => {
    const { res, out } = capture();
    startingPage(res, { displayName: '</script>', type: 'dev', nonce: 'n', language: 'en' });
    expect(out.body.match(/<\/script>/g)).toHaveLength(1);
  });

  it('refuse someone else’s container in the reader’s language', () => {
    const { res, out } = capture();
    notYoursPage(res, 'de');
    expect(out.status).toBe(403);
    expect(out.body).toContain('<html lang="de">');
    expect(out.body).toContain('Dieser Container gehört jemand anderem.');
    expect(out.body).toContain('Zurück zur Übersicht');
  });
});
