const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 minutes ago" / "vor 3 Minuten"; anything within 45 s reads as "now". */
export function formatRelative(date: Date, now: Date, lang: string): string {
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const diff = (date.getTime() - now.getTime()) / 1000;
  if (Math.abs(diff) < 45) return rtf.format(0, 'second');
  for (const [unit, seconds] of UNITS) {
    if (Math.abs(diff) >= seconds || unit === 'second') {
      return rtf.format(Math.round(diff / seconds), unit);
    }
  }
  return rtf.format(0, 'second');
}

/** The full local date and time, for the hover title. */
export function formatFull(date: Date, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'medium' }).format(date);
}
