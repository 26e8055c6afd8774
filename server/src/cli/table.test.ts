import { describe, expect, it } from 'vitest';
import { formatTable, type Column } from './table.js';

interface Person {
  email: string;
  containers: number;
  blocked: string | null;
}

const columns: Column<Person>[] = [
  { header: 'EMAIL', value: (p) => p.email },
  { header: 'CONTAINERS', value: (p) => p.containers },
  { header: 'BLOCKED', value: (p) => p.blocked },
];

describe('formatTable', () => {
  it('pads every column to its widest cell, two spaces apart', () => {
    const text = formatTable(columns, [
      { email: 'ann@example.com', containers: 2, blocked: null },
      { email: 'b@x.io', containers: 10, blocked: '2026-11-30T04:00:00.000Z' },
    ]);
    expect(text).toBe(
      [
        'EMAIL            CONTAINERS  BLOCKED',
        'ann@example.com  2           -',
        'b@x.io           10          2026-11-30T04:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('says (none) under the headings when there are no rows', () => {
    expect(formatTable(columns, [])).toBe('EMAIL  CONTAINERS  BLOCKED\n(none)\n');
  });

  it('keeps one row per line and counts accented letters as one column', () => {
    const text = formatTable(columns, [
      { email: 'zoë@example.com', containers: 1, blocked: 'line one\nline two' },
      { email: 'a@b.c', containers: 0, blocked: null },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('zoë@example.com  1           line one line two');
    expect(lines[2]!.indexOf('0')).toBe(lines[1]!.indexOf('1'));
  });
});
