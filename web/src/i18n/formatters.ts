import type { TFunction } from 'i18next';

/** "45 seconds" / "2 minutes" (or "45 Sekunden"), with the language's plural forms. */
export function formatWait(seconds: number, t: TFunction): string {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 90 ? t('wait.seconds', { count: s }) : t('wait.minutes', { count: Math.ceil(s / 60) });
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** The largest whole unit of the distance from `now`; anything within 45 s is "now". */
function relativeParts(
  date: Date,
  now: Date,
): { value: number; unit: Intl.RelativeTimeFormatUnit } {
  const diff = (date.getTime() - now.getTime()) / 1000;
  if (Math.abs(diff) < 45) return { value: 0, unit: 'second' };
  const [unit, seconds] = UNITS.find(([, s]) => Math.abs(diff) >= s) ?? ['second', 1];
  return { value: Math.round(diff / seconds), unit };
}

/** "3 minutes ago" / "vor 3 Minuten" / "yesterday", through i18next's relativetime formatter. */
export function formatRelative(date: Date, now: Date, t: TFunction): string {
  const { value, unit } = relativeParts(date, now);
  return t('time.relative', { value, formatParams: { value: { range: unit } } });
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

/**
 * "12.3 MB" / "12,3 MB": decimal units, as the container engine counts them, to three
 * significant digits. Bare bytes are spelled out ("512 bytes"): English's short form is "byte".
 */
export function formatBytes(bytes: number, t: TFunction): string {
  let value = Math.max(0, bytes);
  let step = 0;
  // 999.5 kB would round to "1,000 kB": that is 1 MB.
  while (value >= 999.5 && step < BYTE_UNITS.length - 1) {
    value /= 1000;
    step++;
  }
  const unitDisplay = step === 0 ? 'long' : 'short';
  return t('size.value', {
    value,
    formatParams: { value: { unit: BYTE_UNITS[step], unitDisplay } },
  });
}

/** The full local date and time, for the hover title. */
export function formatFull(date: Date, t: TFunction): string {
  return t('time.full', { date });
}
