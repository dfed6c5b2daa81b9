import { describe, expect, it } from 'vitest';
import { ftsExpression, queryTerms } from './query.ts';

describe('search queries', () => {
  it('keep words of any script and make the last one a prefix', () => {
    expect(ftsExpression('Fête du pain')).toBe('"Fête" "du" "pain"*');
    expect(ftsExpression('Бурдо 26460')).toBe('"Бурдо" "26460"*');
  });

  it('never pass FTS5 syntax through', () => {
    for (const input of ['"unbalanced', 'NEAR(a b)', 'a* -b', 'name:secret', '((a) OR b', 'a AND NOT b', '^start']) {
      const expression = ftsExpression(input)!;
      expect(expression).toMatch(/^("[\p{L}\p{N}]+"\*? ?)+$/u);
    }
  });

  it('find no word in punctuation or emoji alone', () => {
    expect(ftsExpression('🌻 !!! ()')).toBeNull();
    expect(queryTerms('a '.repeat(100))).toHaveLength(12);
  });
});
