// Type-ahead for @mentions: elements the viewer may see whose slug or name starts with what they typed.
import { sql, type Db } from '../core/db/database.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import { ftsExpression } from '../search/query.ts';
import type { ElementRef } from './model.ts';

export const maxSuggestions = 8;

/** At most 8 elements for "@q": slugs starting with it first, then names with a word starting with it. */
export function mentionSuggestions(db: Db, viewer: Viewer | null, q: string): ElementRef[] {
  const prefix = q.toLowerCase().replace(/[^a-z0-9-]/g, '');
  const bySlug = prefix === '' ? [] : sql(db, `SELECT e.id, e.slug, e.name, e.type FROM elements e
      WHERE e.slug >= :prefix AND e.slug < :prefix || '~' AND ${visibleSql('e', viewer)} ORDER BY e.slug LIMIT :limit`)
    .all({ ...viewerParams(viewer), prefix, limit: maxSuggestions }) as ElementRef[];
  const words = ftsExpression(q);
  const byName = words === null || bySlug.length >= maxSuggestions ? [] : sql(db, `SELECT e.id, e.slug, e.name, e.type FROM elements e
      WHERE e.rowid IN (SELECT rowid FROM search_text WHERE search_text MATCH :match LIMIT 200) AND ${visibleSql('e', viewer)}
      ORDER BY e.name LIMIT :limit`).all({ ...viewerParams(viewer), match: `name : (${words})`, limit: maxSuggestions }) as ElementRef[];
  const seen = new Set<string>();
  return [...bySlug, ...byName].filter((element) => !seen.has(element.id) && seen.add(element.id)).slice(0, maxSuggestions);
}
