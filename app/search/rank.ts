// The order of search results: text relevance, then proximity, then the newest element on this box.
import type { ElementType } from '../elements/model.ts';

/** element rowid, distance, type, commune, upcoming event (0/1), tags (JSON), bm25 score (lower is better). */
export type Match = [number, number | null, ElementType, string | null, number, string, number];

/** Rank order: text relevance, then proximity, then the newest element on this box first. */
const byRank = (a: Match, b: Match) => a[6] - b[6] || (a[1] ?? 0) - (b[1] ?? 0) || b[0] - a[0];

/**
 * The first `count` matches in rank order. A first page keeps a small sorted window while scanning
 * (a few comparisons per match); a deep page sorts everything.
 */
export function firstInRankOrder(matches: Match[], count: number): Match[] {
  if (count * 16 > matches.length) return [...matches].sort(byRank).slice(0, count);
  const window: Match[] = [];
  for (const match of matches) {
    if (window.length === count && byRank(match, window[count - 1]) >= 0) continue;
    let low = 0;
    let high = window.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byRank(window[middle], match) <= 0) low = middle + 1; else high = middle;
    }
    window.splice(low, 0, match);
    if (window.length > count) window.pop();
  }
  return window;
}
