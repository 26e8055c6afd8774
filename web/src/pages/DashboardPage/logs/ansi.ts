import Anser from 'anser';

/** The 16 colours of a terminal, as anser names them (without its `ansi-` prefix). */
export const ANSI_COLOURS = [
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'bright-black',
  'bright-red',
  'bright-green',
  'bright-yellow',
  'bright-blue',
  'bright-magenta',
  'bright-cyan',
  'bright-white',
] as const;
export type AnsiColour = (typeof ANSI_COLOURS)[number];

/** The log area's background in each scheme: `bg-white` and `dark:bg-zinc-950`. */
export const PANEL_BACKGROUND = { light: '#ffffff', dark: '#09090b' } as const;

/**
 * What each terminal colour is shown as, per colour scheme. Terminals assume a black screen, so
 * "black" and "white" swap roles in the light scheme; every colour keeps at least WCAG AA's
 * 4.5:1 against PANEL_BACKGROUND (ansi.test.ts measures it), and so does the panel's background
 * as text on it (how a coloured background is shown).
 */
export const PALETTE: Record<AnsiColour, { light: string; dark: string }> = {
  black: { light: '#27272a', dark: '#a1a1aa' },
  red: { light: '#b91c1c', dark: '#f87171' },
  green: { light: '#15803d', dark: '#4ade80' },
  yellow: { light: '#a16207', dark: '#facc15' },
  blue: { light: '#1d4ed8', dark: '#60a5fa' },
  magenta: { light: '#a21caf', dark: '#e879f9' },
  cyan: { light: '#0e7490', dark: '#22d3ee' },
  white: { light: '#52525b', dark: '#e4e4e7' },
  'bright-black': { light: '#63636d', dark: '#8b8b94' },
  'bright-red': { light: '#dc2626', dark: '#fca5a5' },
  'bright-green': { light: '#047857', dark: '#86efac' },
  'bright-yellow': { light: '#b45309', dark: '#fde047' },
  'bright-blue': { light: '#2563eb', dark: '#93c5fd' },
  'bright-magenta': { light: '#c026d3', dark: '#f0abfc' },
  'bright-cyan': { light: '#0f766e', dark: '#67e8f9' },
  'bright-white': { light: '#3f3f46', dark: '#fafafa' },
};

/** xterm's own values of the 16 colours: 256-colour and true-colour text is shown as the nearest. */
const XTERM_RGB: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 0],
  [205, 0, 0],
  [0, 205, 0],
  [205, 205, 0],
  [0, 0, 238],
  [205, 0, 205],
  [0, 205, 205],
  [229, 229, 229],
  [127, 127, 127],
  [255, 0, 0],
  [0, 255, 0],
  [255, 255, 0],
  [92, 92, 255],
  [255, 0, 255],
  [0, 255, 255],
  [255, 255, 255],
];

/** One run of text in one style. */
export interface AnsiSegment {
  text: string;
  colour?: AnsiColour;
  background?: AnsiColour;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
}

/*
 * Escape sequences: OSC (window titles, hyperlinks) up to BEL or ST; CSI (colours, cursor moves,
 * erasing); other two-character escapes; then any control character left but tab. A log line
 * from a hostile app may hold any of them; none may reach the page as anything but text.
 */
const ESCAPES =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]|[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
/** Select Graphic Rendition: the one kind of escape shown (as colour and weight). */
// eslint-disable-next-line no-control-regex -- as above
const SGR = /^\u001b\[[0-9;:]*m$/;

/** The line as plain text: every escape sequence and control character removed. */
export function stripAnsi(line: string): string {
  return line.replace(ESCAPES, '');
}

/** The line as styled runs of plain text: colours and weights kept, every other escape dropped. */
export function parseAnsi(line: string): AnsiSegment[] {
  const sgrOnly = line.replace(ESCAPES, (escape) => (SGR.test(escape) ? escape : ''));
  return Anser.ansiToJson(sgrOnly, { json: true, use_classes: true, remove_empty: true }).map(
    (entry) => {
      const segment: AnsiSegment = { text: entry.content };
      const colour = colourOf(entry.fg, entry.fg_truecolor);
      const background = colourOf(entry.bg, entry.bg_truecolor);
      if (colour) segment.colour = colour;
      if (background) segment.background = background;
      for (const decoration of entry.decorations) {
        if (decoration === 'bold') segment.bold = true;
        else if (decoration === 'italic') segment.italic = true;
        else if (decoration === 'underline') segment.underline = true;
        else if (decoration === 'strikethrough') segment.strikethrough = true;
      }
      return segment;
    },
  );
}

/** Anser's class name (`ansi-red`, `ansi-palette-208`, `ansi-truecolor`) as one of the 16. */
function colourOf(
  className: string | null | undefined,
  trueColour: string | null | undefined,
): AnsiColour | undefined {
  if (!className) return undefined;
  const name = className.replace(/^ansi-/, '');
  if ((ANSI_COLOURS as readonly string[]).includes(name)) return name as AnsiColour;
  const palette = /^palette-(\d+)$/.exec(name);
  if (palette) return nearest(xterm256(Number(palette[1])));
  if (name === 'truecolor' && trueColour) {
    const rgb = trueColour.split(',').map((part) => Number(part.trim()));
    if (rgb.length === 3 && rgb.every((v) => Number.isFinite(v)))
      return nearest(rgb as [number, number, number]);
  }
  return undefined;
}

/** The RGB of xterm's 256-colour palette entry `n`. */
function xterm256(n: number): readonly [number, number, number] {
  if (n < 16) return XTERM_RGB[n] ?? [0, 0, 0];
  if (n >= 232) {
    const grey = 8 + (n - 232) * 10;
    return [grey, grey, grey];
  }
  const step = (v: number) => (v === 0 ? 0 : 55 + v * 40);
  const i = n - 16;
  return [step(Math.floor(i / 36)), step(Math.floor(i / 6) % 6), step(i % 6)];
}

function nearest([r, g, b]: readonly [number, number, number]): AnsiColour {
  let best = 0;
  let bestDistance = Infinity;
  XTERM_RGB.forEach(([xr, xg, xb], index) => {
    // Weighted by how strongly the eye sees each channel.
    const distance = 3 * (r - xr) ** 2 + 4 * (g - xg) ** 2 + 2 * (b - xb) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return ANSI_COLOURS[best] ?? 'white';
}
