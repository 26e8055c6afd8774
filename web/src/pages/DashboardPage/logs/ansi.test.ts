import { describe, expect, it } from 'vitest';
import { ANSI_COLOURS, PALETTE, PANEL_BACKGROUND, parseAnsi, stripAnsi } from './ansi';

const ESC = '\u001b';

/** WCAG 2's contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('stripAnsi', () => {
  it('removes colours, cursor moves, window titles and stray control characters', () => {
    const line = `${ESC}[1;31mERROR${ESC}[0m ${ESC}[2K${ESC}[1Gdone${ESC}]0;title\u0007 ok${ESC}]8;;http://x${ESC}\\link\r\u0000`;
    expect(stripAnsi(line)).toBe('ERROR done oklink');
  });

  it('keeps tabs, markup-like text and non-ASCII text as they are', () => {
    expect(stripAnsi('a\tb <script>alert(1)</script> & ünïcødé ✓')).toBe(
      'a\tb <script>alert(1)</script> & ünïcødé ✓',
    );
  });
});

describe('parseAnsi', () => {
  it('turns SGR codes into styled runs of plain text', () => {
    expect(parseAnsi(`${ESC}[31mred${ESC}[0m plain ${ESC}[1;92mbold green${ESC}[0m`)).toEqual([
      { text: 'red', colour: 'red' },
      { text: ' plain ' },
      { text: 'bold green', colour: 'bright-green', bold: true },
    ]);
  });

  it('keeps backgrounds, italics, underlines and strike-through', () => {
    expect(parseAnsi(`${ESC}[30;43mwarn${ESC}[0m${ESC}[3;4mu${ESC}[0m${ESC}[9ms`)).toEqual([
      { text: 'warn', colour: 'black', background: 'yellow' },
      { text: 'u', italic: true, underline: true },
      { text: 's', strikethrough: true },
    ]);
  });

  it('maps 256 colours and true colours to the nearest of the 16', () => {
    expect(parseAnsi(`${ESC}[38;5;196ma${ESC}[38;5;21mb${ESC}[38;2;250;250;250mc`)).toEqual([
      { text: 'a', colour: 'bright-red' },
      { text: 'b', colour: 'blue' },
      { text: 'c', colour: 'bright-white' },
    ]);
  });

  it('drops every other escape and leaves markup-like text as text', () => {
    const segments = parseAnsi(`${ESC}]0;evil${ESC}\\<img src=x onerror=alert(1)>${ESC}[2J`);
    expect(segments).toEqual([{ text: '<img src=x onerror=alert(1)>' }]);
  });
});

describe('PALETTE', () => {
  it.each(ANSI_COLOURS)(
    '%s keeps WCAG AA contrast (4.5:1) on the panel in light and dark',
    (name) => {
      expect(contrast(PALETTE[name].light, PANEL_BACKGROUND.light)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(PALETTE[name].dark, PANEL_BACKGROUND.dark)).toBeGreaterThanOrEqual(4.5);
    },
  );
});
