// What people type, turned into a safe FTS5 expression: words only, each quoted, the last one a
// prefix for type-ahead. FTS5 syntax in the input (quotes, NEAR(, *, -, column:, parentheses)
// is never passed through: it is only punctuation between words.
export const maxQueryLength = 200;
const maxTerms = 12;

/** Words of a query (letters and digits of any script), at most a dozen. */
export function queryTerms(query: string): string[] {
  return (query.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, maxTerms);
}

/** The FTS5 MATCH expression for a query, or null when it holds no word at all. */
export function ftsExpression(query: string): string | null {
  const terms = queryTerms(query);
  if (terms.length === 0) return null;
  return terms.map((term, index) => `"${term}"${index === terms.length - 1 ? '*' : ''}`).join(' ');
}
