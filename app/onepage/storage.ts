// SQL for one-page sites. No permission decisions here (see ./actions.ts).
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { allSections, type Layout, type OnePage, type Sections } from './model.ts';

interface OnePageRow {
  element_id: string; slug: string; layout: Layout; colour: string; published: number; sections: string; updated_at: string; is_demo: number;
}

const rowToPage = (row: OnePageRow): OnePage => ({
  elementId: row.element_id, slug: row.slug, layout: row.layout, colour: row.colour, published: row.published === 1,
  sections: { ...allSections, ...(JSON.parse(row.sections) as Partial<Sections>) }, updatedAt: row.updated_at, isDemo: row.is_demo === 1,
});

export function findPageBySlug(db: Db, slug: string): OnePage | null {
  const row = sql(db, 'SELECT * FROM onepages WHERE slug = ?').get(slug) as OnePageRow | undefined;
  return row ? rowToPage(row) : null;
}

export function findPageOfElement(db: Db, elementId: string): OnePage | null {
  const row = sql(db, 'SELECT * FROM onepages WHERE element_id = ?').get(elementId) as OnePageRow | undefined;
  return row ? rowToPage(row) : null;
}

export const pageSlugTaken = (db: Db, slug: string, exceptElementId = '') =>
  sql(db, 'SELECT 1 FROM onepages WHERE slug = ? AND element_id != ?').get(slug, exceptElementId) !== undefined;

export type PageRecord = Pick<OnePage, 'elementId' | 'slug' | 'layout' | 'colour' | 'published' | 'sections'>;

const params = (page: PageRecord) => ({
  element_id: page.elementId, slug: page.slug, layout: page.layout, colour: page.colour, published: page.published ? 1 : 0,
  sections: JSON.stringify(page.sections), now: nowIso(),
});

export function insertPage(db: Db, page: PageRecord, isDemo = false) {
  sql(db, `INSERT INTO onepages (element_id, slug, layout, colour, published, sections, updated_at, is_demo)
    VALUES (:element_id, :slug, :layout, :colour, :published, :sections, :now, :is_demo)`).run({ ...params(page), is_demo: isDemo ? 1 : 0 });
}

export function updatePageRow(db: Db, page: PageRecord) {
  sql(db, `UPDATE onepages SET slug = :slug, layout = :layout, colour = :colour, published = :published, sections = :sections,
      updated_at = :now WHERE element_id = :element_id`).run(params(page));
}

/** Demo sites go with the demo content (its elements are tombstoned, so no cascade reaches them). */
export const deleteDemoPages = (db: Db) => sql(db, 'DELETE FROM onepages WHERE is_demo = 1').run().changes;
