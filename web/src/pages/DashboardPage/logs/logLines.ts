/** The most lines the panel keeps; older ones are dropped, so memory and scrolling stay bounded. */
export const MAX_KEPT_LINES = 10_000;

/** How many of the last lines the panel asks for when it opens. */
export const TAIL_LINES = 500;

export interface LogLine {
  /** Increasing from 0 in the order the lines came: a stable key for the list. */
  id: number;
  text: string;
}

/**
 * The lines of one stream. While paused, new lines are held back (not shown), so the view stays
 * still and the stream stays open; following again shows them. Both lists together keep at most
 * MAX_KEPT_LINES, the oldest dropped first.
 */
export interface LogLines {
  shown: LogLine[];
  held: LogLine[];
  following: boolean;
  /** Lines dropped so far to stay under MAX_KEPT_LINES. */
  dropped: number;
  nextId: number;
}

export const emptyLogLines: LogLines = {
  shown: [],
  held: [],
  following: true,
  dropped: 0,
  nextId: 0,
};

/** Adds new lines: shown when following, held back when paused. */
export function appendLines(state: LogLines, texts: readonly string[]): LogLines {
  if (texts.length === 0) return state;
  const added = texts.map((text, i) => ({ id: state.nextId + i, text }));
  const nextId = state.nextId + texts.length;
  return capped(
    state.following
      ? { ...state, shown: state.shown.concat(added), nextId }
      : { ...state, held: state.held.concat(added), nextId },
  );
}

/** Follows (showing the held lines) or pauses. */
export function setFollowing(state: LogLines, following: boolean): LogLines {
  if (!following) return state.following ? { ...state, following } : state;
  return capped({ ...state, following, shown: state.shown.concat(state.held), held: [] });
}

/** Drops the oldest lines, shown ones first, until at most MAX_KEPT_LINES are kept. */
function capped(state: LogLines): LogLines {
  const excess = state.shown.length + state.held.length - MAX_KEPT_LINES;
  if (excess <= 0) return state;
  const fromShown = Math.min(excess, state.shown.length);
  return {
    ...state,
    shown: state.shown.slice(fromShown),
    held: state.held.slice(excess - fromShown),
    dropped: state.dropped + excess,
  };
}
