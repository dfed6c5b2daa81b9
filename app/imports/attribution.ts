// Open data attribution: an element that came from a file names its source and licence on its page, and
// says when its source stopped listing it (a dissolved association, a facility closed).
import { sql, type Db } from '../core/db/database.ts';
import { formatDate } from '../core/i18n/index.ts';
import { html } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';

interface Attribution {
  source: string;
  licence: string;
  importedAt: string;
  vanishedAt: string | null;
}

export function attributionOf(db: Db, elementId: string): Attribution | null {
  const row = sql(db, `SELECT ie.source, ie.licence, ie.vanished_at, i.committed_at FROM imported_elements ie
      JOIN imports i ON i.id = ie.import_id WHERE ie.element_id = ?`).get(elementId) as
    { source: string; licence: string; vanished_at: string | null; committed_at: string | null } | undefined;
  return row ? { source: row.source, licence: row.licence, importedAt: row.committed_at ?? '', vanishedAt: row.vanished_at } : null;
}

/** The "Source" line of an element's facts, when it came from a file. */
export function SourceFacts({ ctx, db, elementId }: { ctx: PageContext; db: Db; elementId: string }) {
  const attribution = attributionOf(db, elementId);
  if (!attribution) return null;
  const date = (iso: string) => formatDate(ctx.locale, iso, false, ctx.timezone);
  return html`<dt>${ctx.t('element.source')}</dt>
    <dd class="source">${ctx.t('element.sourceLine', { source: attribution.source, licence: attribution.licence, date: date(attribution.importedAt) })}
      ${attribution.vanishedAt ? html`<br /><span class="badge">${ctx.t('element.vanished', { date: date(attribution.vanishedAt) })}</span>` : null}</dd>`;
}
