// Search figures: the unified search API (over HTTP, as a phone gets it: results, count and facets)
// beside the raw FTS5 query for the same terms, run in this process on the same database file.
import { openDatabase } from '../../app/core/db/database.ts';
import { ftsExpression } from '../../app/search/query.ts';
import { summarize, type Latency, type Target } from './load.ts';

export interface SearchCase {
  name: string;
  path: string;
  /** The words the raw FTS5 baseline matches. */
  terms: string;
}

export const searchCases = (epci: string): SearchCase[] => [
  { name: 'a word', path: `/api/v1/search?q=${encodeURIComponent('céramique')}&limit=20`, terms: 'céramique' },
  { name: 'a prefix', path: '/api/v1/search?q=boulang&limit=20', terms: 'boulang' },
  { name: 'a word + tag + zone', path: `/api/v1/search?q=jardin&tag=${encodeURIComponent('alimentation')}&zone=${epci}&limit=20`, terms: 'jardin' },
  { name: 'a word + radius', path: `/api/v1/search?q=${encodeURIComponent('marché')}&near=44.526,5.062&radius_km=15&limit=20`, terms: 'marché' },
];

export const searchTarget = (searchCase: SearchCase) => (): Target => ({ path: searchCase.path, category: 'search' });

/** p50/p95 of the raw FTS5 query (first 20 by rank), on a read-only connection to the box's file. */
export function rawFtsLatency(dbPath: string, terms: string, durationMs: number): Latency {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const statement = db.prepare('SELECT rowid FROM search_text WHERE search_text MATCH ? ORDER BY rank LIMIT 20');
    const match = ftsExpression(terms);
    for (let i = 0; i < 50; i++) statement.all(match);
    const latencies: number[] = [];
    const end = performance.now() + durationMs;
    while (performance.now() < end) {
      const start = performance.now();
      statement.all(match);
      latencies.push(performance.now() - start);
    }
    return summarize(latencies, durationMs / 1000);
  } finally {
    db.close();
  }
}
