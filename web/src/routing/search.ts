/**
 * Search params stay plain strings. TanStack Router's default JSON-parses
 * them and turns digits into numbers, which would change a sign-in token
 * like "0123" or a `next` path; these keep what the address says.
 */
export function parseSearch(searchStr: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(searchStr));
}

export function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      params.set(key, String(value));
  }
  const str = params.toString();
  return str ? `?${str}` : '';
}

/** `{ [key]: value }` when the param is a string, else `{}`: for `validateSearch`. */
export function optionalParam<K extends string>(
  search: Record<string, unknown>,
  key: K,
): Partial<Record<K, string>> {
  const value = search[key];
  return typeof value === 'string' ? ({ [key]: value } as Partial<Record<K, string>>) : {};
}

/** The string params among `keys` (others dropped): for `validateSearch` of a list page. */
export function pickParams<K extends string>(
  search: Record<string, unknown>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = search[key];
    if (typeof value === 'string' && value !== '') picked[key] = value;
  }
  return picked;
}
