import { describe, expect, it } from 'vitest';
import { resources } from '../languages';

/** "login.sentTo" → string, for every string in a nested catalogue. */
function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix + key;
    if (typeof value === 'string') out.set(path, value);
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of flatten(value, `${path}.`)) out.set(k, v);
  }
  return out;
}

/** The `{{name}}` variables a string uses, without their formats. */
const variables = (s: string) => [...s.matchAll(/\{\{\s*([^,}\s]+)/g)].map((m) => m[1]).sort();

const english = flatten(resources.en.translation);

// The types already refuse a missing or extra key; this also holds if a
// catalogue is ever loaded as JSON, and checks that the variables match.
describe.each(Object.entries(resources).filter(([lang]) => lang !== 'en'))('%s', (_, res) => {
  const other = flatten(res.translation);

  it('has exactly the English keys', () => {
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('uses the same {{variables}} as English in every string', () => {
    for (const [key, text] of english)
      expect(variables(other.get(key) ?? ''), key).toEqual(variables(text));
  });
});
