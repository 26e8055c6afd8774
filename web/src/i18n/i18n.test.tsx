import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createI18n } from './createI18n';
import { formatBytes, formatRelative, formatWait } from './formatters';
import { detectLanguage } from './languages';
import { I18nProvider } from './I18nProvider';
import { LanguageSwitch } from '../components/LanguageSwitch';

describe('detectLanguage', () => {
  it('takes the first browser language we have', () => {
    expect(detectLanguage(['fr-FR', 'de-DE', 'en'], null)).toBe('de');
    expect(detectLanguage(['en-US', 'de'], null)).toBe('en');
    expect(detectLanguage(['fr'], null)).toBe('en');
  });
  it('prefers the stored choice', () => {
    expect(detectLanguage(['en-US'], 'de')).toBe('de');
    expect(detectLanguage(['de-DE'], 'xx')).toBe('de');
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  it.each([
    [10, 'en', 'now'],
    [3 * 60, 'en', '3 minutes ago'],
    [3 * 60, 'de', 'vor 3 Minuten'],
    [2 * 3600, 'en', '2 hours ago'],
    [26 * 3600, 'en', 'yesterday'],
    [26 * 3600, 'de', 'gestern'],
  ] as const)('%i s in %s → %s', (s, lang, expected) => {
    expect(formatRelative(ago(s), now, createI18n(lang).t)).toBe(expected);
  });
});

describe('formatWait', () => {
  it.each([
    [1, 'en', '1 second'],
    [2, 'en', '2 seconds'],
    [0.2, 'en', '1 second'],
    [60, 'en', '60 seconds'],
    [90, 'en', '2 minutes'],
    [1, 'de', '1 Sekunde'],
    [45, 'de', '45 Sekunden'],
    [120, 'de', '2 Minuten'],
    // 1 minute is never shown (under 90 s counts in seconds), but the plural form exists.
    [100_000, 'de', '1.667 Minuten'],
  ] as const)('%f s in %s → %s', (s, lang, expected) => {
    expect(formatWait(s, createI18n(lang).t)).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, 'en', '0 bytes'],
    [1, 'en', '1 byte'],
    [999, 'en', '999 bytes'],
    [1000, 'en', '1 kB'],
    [12_345_678, 'en', '12.3 MB'],
    [999_600, 'en', '1 MB'],
    [123_456_789_012, 'en', '123 GB'],
    [512, 'de', '512 Byte'],
    [12_345_678, 'de', '12,3 MB'],
    [1_500_000_000, 'de', '1,5\u00a0GB'], // German keeps "GB" on the number's line
  ] as const)('%i bytes in %s → %s', (bytes, lang, expected) => {
    expect(formatBytes(bytes, createI18n(lang).t)).toBe(expected);
  });
});

describe('language switch', () => {
  it('sets <html lang> and keeps the choice', async () => {
    render(
      <I18nProvider initial="en">
        <LanguageSwitch />
      </I18nProvider>,
    );
    expect(document.documentElement.lang).toBe('en');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'de');
    expect(document.documentElement.lang).toBe('de');
    expect(screen.getByRole('combobox', { name: 'Sprache' })).toHaveValue('de');
    expect(localStorage.getItem('spawner.language')).toBe('de');
  });
});
