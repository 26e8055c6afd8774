import { describe, expect, it } from 'vitest';
import { appendLines, emptyLogLines, MAX_KEPT_LINES, setFollowing } from './logLines';

const numbered = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `line ${from + i}`);

describe('log lines', () => {
  it('shows new lines in order, each with its own id, while following', () => {
    const state = appendLines(appendLines(emptyLogLines, ['a', 'b']), ['c']);
    expect(state.shown).toEqual([
      { id: 0, text: 'a' },
      { id: 1, text: 'b' },
      { id: 2, text: 'c' },
    ]);
    expect(state.held).toEqual([]);
  });

  it(`keeps at most ${MAX_KEPT_LINES} lines, dropping the oldest and counting them`, () => {
    let state = appendLines(emptyLogLines, numbered(0, MAX_KEPT_LINES - 1));
    expect(state.dropped).toBe(0);
    state = appendLines(state, numbered(MAX_KEPT_LINES - 1, 501));
    expect(state.shown).toHaveLength(MAX_KEPT_LINES);
    expect(state.dropped).toBe(500);
    expect(state.shown[0]).toEqual({ id: 500, text: 'line 500' });
    expect(state.shown.at(-1)?.text).toBe(`line ${MAX_KEPT_LINES + 499}`);
  });

  it('holds new lines back while paused and shows them when following again', () => {
    const paused = setFollowing(appendLines(emptyLogLines, ['a']), false);
    const withHeld = appendLines(paused, ['b', 'c']);
    expect(withHeld.shown.map((l) => l.text)).toEqual(['a']);
    expect(withHeld.held.map((l) => l.text)).toEqual(['b', 'c']);
    const following = setFollowing(withHeld, true);
    expect(following.shown.map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect(following.held).toEqual([]);
    expect(following.following).toBe(true);
  });

  it('counts held lines against the cap, dropping shown ones first', () => {
    const paused = setFollowing(appendLines(emptyLogLines, numbered(0, 10)), false);
    const state = appendLines(paused, numbered(10, MAX_KEPT_LINES));
    expect(state.shown).toEqual([]);
    expect(state.held).toHaveLength(MAX_KEPT_LINES);
    expect(state.dropped).toBe(10);
    expect(state.held[0]?.text).toBe('line 10');
  });
});
