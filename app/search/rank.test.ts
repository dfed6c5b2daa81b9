import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/seed.ts';
import { firstInRankOrder, type Match } from './rank.ts';

const match = (rowid: number, score: number, distanceKm: number | null = null): Match => [rowid, distanceKm, 'poi', null, 0, '[]', score];

describe('rank order', () => {
  it('puts the best text score first, then the nearest, then the newest', () => {
    const matches = [match(1, -2, 5), match(2, -5, 9), match(3, -2, 1), match(4, -2, 1)];
    expect(firstInRankOrder(matches, 4).map(([rowid]) => rowid)).toEqual([2, 4, 3, 1]);
  });

  it('gives a first page of many matches exactly as a full sort would', () => {
    const random = seededRandom(3);
    // Scores with many ties, as bm25 gives for short names.
    const matches = Array.from({ length: 5000 }, (_, i) => match(i + 1, -Math.round(random() * 40) / 4, Math.round(random() * 30)));
    for (const count of [1, 20, 100]) {
      const sorted = firstInRankOrder(matches, matches.length); // the full sort
      expect(firstInRankOrder(matches, count)).toEqual(sorted.slice(0, count));
    }
  });
});
