// SQL for elements: rows in, typed elements out. No permission decisions here (see ./actions.ts).
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { nextSequence } from '../box/settings.ts';
import { uuidv7 } from '../core/ids.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import { communesOfZoneSql } from '../zones/communes.ts';
import type { Element, ElementCardData, ElementType } from './model.ts';
import type { CommuneSource } from './commune.ts';

interface ElementRow {
  id: string; type: ElementType; kind: string | null; slug: string; name: string; short_description: string;
  description: string; tags: string; street: string; postal_code: string; commune_insee: string | null;
  locality: string; country: string; lat: number | null; lon: number | null; visibility: Element['visibility'];
  contact_email: string; contact_phone: string; url: string; stage: string | null; starts_at: string | null;
  ends_at: string | null; all_day: number; parent_id: string | null; timezone: string | null; rrule: string | null;
  exdates: string; ical_uid: string | null; capacity: number | null; place_id: string | null; created_by: string | null; is_demo: number;
  category: string | null; price_cents: number | null; currency: string | null; expires_at: string | null; closed_at: string | null; availability: string;
  origin_box: string; origin_seq: number; version: number; created_at: string; updated_at: string; deleted_at: string | null;
}

export function rowToElement(row: ElementRow): Element {
  return {
    id: row.id, type: row.type, kind: row.kind, slug: row.slug, name: row.name,
    shortDescription: row.short_description, description: row.description, tags: JSON.parse(row.tags),
    address: { street: row.street, postalCode: row.postal_code, communeInsee: row.commune_insee, locality: row.locality, country: row.country },
    position: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
    visibility: row.visibility,
    contact: { email: row.contact_email, phone: row.contact_phone },
    url: row.url, stage: row.stage, startsAt: row.starts_at, endsAt: row.ends_at, allDay: row.all_day === 1,
    parentId: row.parent_id, timezone: row.timezone, rrule: row.rrule, exdates: JSON.parse(row.exdates) as string[],
    icalUid: row.ical_uid, capacity: row.capacity, placeId: row.place_id, createdBy: row.created_by, isDemo: row.is_demo === 1,
    category: row.category, price: row.price_cents === null ? null : { amountCents: row.price_cents, currency: row.currency ?? 'EUR' },
    expiresAt: row.expires_at, closedAt: row.closed_at, availability: row.availability,
    origin: { box: row.origin_box, seq: row.origin_seq }, version: row.version,
    createdAt: row.created_at, updatedAt: row.updated_at, deletedAt: row.deleted_at,
  };
}

export function findElement(db: Db, id: string): Element | null {
  const row = sql(db, 'SELECT * FROM elements WHERE id = ? AND deleted_at IS NULL').get(id) as ElementRow | undefined;
  return row ? rowToElement(row) : null;
}

export function findElementBySlug(db: Db, slug: string): Element | null {
  const row = sql(db, 'SELECT * FROM elements WHERE slug = ? AND deleted_at IS NULL').get(slug) as ElementRow | undefined;
  return row ? rowToElement(row) : null;
}

export interface ElementFilter {
  type?: ElementType;
  tag?: string;
  /** `commune:INSEE`, `epci:SIREN`, `dep:NN` or a bare INSEE code. */
  zone?: string;
  /** Only events ending (or starting) at or after this instant, soonest first. */
  upcomingFrom?: string;
  /** Sub-events of this event. */
  parentId?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Elements the viewer may see, newest first (or soonest first for upcoming events), by cursor. */
export function listVisibleElements(db: Db, viewer: Viewer | null, filter: ElementFilter, cursor: string | null, limit: number): Page<Element> {
  const where = [visibleSql('e', viewer)];
  const params: Record<string, unknown> = { ...viewerParams(viewer), limit: limit + 1 };
  if (filter.type) { where.push('e.type = :type'); params.type = filter.type; }
  if (filter.tag) { where.push('EXISTS (SELECT 1 FROM element_tags t WHERE t.element_id = e.id AND t.tag = :tag)'); params.tag = filter.tag; }
  if (filter.zone) {
    where.push(`e.commune_insee IN (${communesOfZoneSql('zone')})`);
    params.zone = filter.zone.includes(':') ? filter.zone : `commune:${filter.zone}`;
  }
  if (filter.parentId) { where.push('e.parent_id = :parent_id'); params.parent_id = filter.parentId; }
  let order = 'e.id DESC';
  if (filter.upcomingFrom) {
    where.push("e.type = 'event' AND coalesce(e.ends_at, e.starts_at) >= :from");
    params.from = filter.upcomingFrom;
    order = 'e.starts_at ASC, e.id ASC';
    if (cursor) {
      const [startsAt, id] = decodeCursor(cursor);
      where.push('(e.starts_at > :c_starts OR (e.starts_at = :c_starts AND e.id > :c_id))');
      Object.assign(params, { c_starts: startsAt, c_id: id });
    }
  } else if (cursor) {
    where.push('e.id < :c_id');
    params.c_id = decodeCursor(cursor)[0];
  }
  // Two steps: pick the page's ids (from covering indexes where possible, sorting only ids), then
  // read those rows. Sorting whole rows of a large zone took 40 ms; sorting ids takes well under 1.
  const pageIds = `SELECT e.id FROM elements e WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT :limit`;
  const rows = sql(db, `SELECT e.* FROM elements e WHERE e.id IN (${pageIds}) ORDER BY ${order}`).all(params) as ElementRow[];
  const items = rows.slice(0, limit).map(rowToElement);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(filter.upcomingFrom ? [last.startsAt ?? '', last.id] : [last.id]) : null;
  return { items, nextCursor };
}

const encodeCursor = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

export function decodeCursor(cursor: string): string[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.every((part) => typeof part === 'string')) return parts;
  } catch { /* fall through */ }
  return ['\u0000invalid'];
}

export interface ElementRecord {
  type: ElementType; kind: string | null; slug: string; name: string; shortDescription: string; description: string;
  tags: string[]; street: string; postalCode: string; communeInsee: string | null; locality: string;
  lat: number | null; lon: number | null; visibility: Element['visibility']; contactEmail: string; contactPhone: string;
  url: string; stage: string | null; startsAt: string | null; endsAt: string | null; allDay: boolean; parentId: string | null;
  /** Events (app/agenda/): time zone (null: the box's), RRULE value, places; left out: none. */
  timezone?: string | null; rrule?: string | null; capacity?: number | null; placeId?: string | null;
  /** Classifieds and mutual aid (issue 7); left out: none. */
  category?: string | null; priceCents?: number | null; currency?: string | null; expiresAt?: string | null; availability?: string;
  /** How the commune was found; left out of an update whose address did not change (the stored one stays). */
  communeSource?: CommuneSource | null;
}

const recordParams = (record: ElementRecord) => ({
  type: record.type, kind: record.kind, slug: record.slug, name: record.name, short_description: record.shortDescription,
  description: record.description, tags: JSON.stringify(record.tags), street: record.street, postal_code: record.postalCode,
  commune_insee: record.communeInsee, locality: record.locality, lat: record.lat, lon: record.lon, visibility: record.visibility,
  contact_email: record.contactEmail, contact_phone: record.contactPhone, url: record.url, stage: record.stage,
  starts_at: record.startsAt, ends_at: record.endsAt, all_day: record.allDay ? 1 : 0, parent_id: record.parentId,
  timezone: record.timezone ?? null, rrule: record.rrule ?? null, capacity: record.capacity ?? null, place_id: record.placeId ?? null,
  category: record.category ?? null, price_cents: record.priceCents ?? null, currency: record.priceCents == null ? null : (record.currency ?? 'EUR'),
  expires_at: record.expiresAt ?? null, availability: record.availability ?? '',
  commune_source: record.communeSource ?? null, keep_commune_source: record.communeSource === undefined ? 1 : 0,
});

// The columns an insert writes, in the order of putElementValues.
const insertColumns = `id, type, kind, slug, name, short_description, description, tags, street, postal_code,
  commune_insee, commune_source, locality, lat, lon, visibility, contact_email, contact_phone, url, stage, starts_at, ends_at, all_day,
  parent_id, timezone, rrule, capacity, place_id, category, price_cents, currency, expires_at, availability,
  created_by, is_demo, origin_box, origin_seq, created_at, updated_at`;
const valuesPerElement = 39;
const insertElementsSql = (rows: number) =>
  `INSERT INTO elements (${insertColumns}) VALUES ${Array.from({ length: rows }, () => `(${'?, '.repeat(valuesPerElement - 1)}?)`).join(', ')}`;
const insertOneElement = insertElementsSql(1);

/** A new element's values in insertColumns order, written into `into` from `at` on. */
function putElementValues(into: unknown[], at: number, element: NewElement, originBox: string, now: string) {
  const r = element.record;
  const values = [
    element.id, r.type, r.kind, r.slug, r.name, r.shortDescription, r.description, JSON.stringify(r.tags), r.street, r.postalCode,
    r.communeInsee, r.communeSource ?? null, r.locality, r.lat, r.lon, r.visibility, r.contactEmail, r.contactPhone, r.url, r.stage,
    r.startsAt, r.endsAt, r.allDay ? 1 : 0, r.parentId, r.timezone ?? null, r.rrule ?? null, r.capacity ?? null, r.placeId ?? null,
    r.category ?? null, r.priceCents ?? null, r.priceCents == null ? null : (r.currency ?? 'EUR'), r.expiresAt ?? null, r.availability ?? '',
    element.createdBy, element.isDemo ? 1 : 0, originBox, element.originSeq, now, now,
  ];
  for (let i = 0; i < valuesPerElement; i++) into[at + i] = values[i];
}

/** An element to insert: its record, id, author and change number. */
export interface NewElement {
  id: string;
  record: ElementRecord;
  createdBy: string | null;
  isDemo?: boolean;
  originSeq: number;
}

/** Inserts an element; call inside a transaction. `originSeq`: a number of the box's sequence reserved for it. */
export function insertElement(
  db: Db, originBox: string, record: ElementRecord, createdBy: string | null, isDemo = false, id = uuidv7(), originSeq?: number,
): string {
  insertElements(db, originBox, [{ id, record, createdBy, isDemo, originSeq: originSeq ?? nextSequence(db) }]);
  return id;
}

// Rows per statement of a bulk insert: one statement per element was two fifths of a large import's commit.
const elementsPerInsert = 25;
const insertManyElements = insertElementsSql(elementsPerInsert);

/** Inserts new elements with their tags, many to a statement (an import's commit writes thousands). */
export function insertElements(db: Db, originBox: string, elements: NewElement[]) {
  const now = nowIso();
  const values = new Array<unknown>(elementsPerInsert * valuesPerElement);
  let next = 0;
  for (; next + elementsPerInsert <= elements.length; next += elementsPerInsert) {
    for (let i = 0; i < elementsPerInsert; i++) putElementValues(values, i * valuesPerElement, elements[next + i], originBox, now);
    sql(db, insertManyElements).run(values);
  }
  const one = new Array<unknown>(valuesPerElement);
  for (; next < elements.length; next++) {
    putElementValues(one, 0, elements[next], originBox, now);
    sql(db, insertOneElement).run(one);
  }
  addTagsOf(db, elements);
}

/** Updates an element if its version still matches; returns false when someone else saved first. */
export function updateElementRow(db: Db, id: string, record: ElementRecord, expectedVersion: number): boolean {
  const result = sql(db, `UPDATE elements SET kind = :kind, slug = :slug, name = :name, short_description = :short_description,
      description = :description, tags = :tags, street = :street, postal_code = :postal_code, commune_insee = :commune_insee,
      commune_source = CASE WHEN :keep_commune_source = 1 THEN commune_source ELSE :commune_source END, locality = :locality, lat = :lat, lon = :lon, visibility = :visibility, contact_email = :contact_email,
      contact_phone = :contact_phone, url = :url, stage = :stage, starts_at = :starts_at, ends_at = :ends_at,
      all_day = :all_day, parent_id = :parent_id, timezone = :timezone, rrule = :rrule, capacity = :capacity, place_id = :place_id,
      category = :category, price_cents = :price_cents, currency = :currency, expires_at = :expires_at, availability = :availability, origin_seq = :origin_seq, version = version + 1, updated_at = :now
    WHERE id = :id AND version = :version AND deleted_at IS NULL`).run({
    ...recordParams(record), id, version: expectedVersion, origin_seq: nextSequence(db), now: nowIso(),
  });
  if (result.changes === 0) return false;
  writeTags(db, id, record.tags);
  return true;
}

/** Leaves a tombstone (kept for sync) and forgets the content. */
export function tombstoneElement(db: Db, id: string) {
  const now = nowIso();
  sql(db, `UPDATE elements SET deleted_at = :now, updated_at = :now, origin_seq = :seq, version = version + 1,
      description = '', short_description = '', contact_email = '', contact_phone = '', tags = '[]'
    WHERE id = :id AND deleted_at IS NULL`).run({ id, now, seq: nextSequence(db) });
  sql(db, 'DELETE FROM element_tags WHERE element_id = ?').run(id);
  sql(db, 'DELETE FROM links WHERE from_id = ? OR to_id = ?').run(id, id);
}

/** Marks a classified sold / an aid entry closed (or reopens it): a change like any other, with its sequence. */
export function setClosed(db: Db, id: string, closed: boolean): boolean {
  const now = nowIso();
  return sql(db, `UPDATE elements SET closed_at = CASE WHEN :closed = 1 THEN :now END, origin_seq = :seq, version = version + 1, updated_at = :now
    WHERE id = :id AND deleted_at IS NULL`).run({ id, now, closed: closed ? 1 : 0, seq: nextSequence(db) }).changes === 1;
}

function writeTags(db: Db, id: string, tags: string[]) {
  sql(db, 'DELETE FROM element_tags WHERE element_id = ?').run(id);
  addTags(db, id, tags);
}

/** Adds an element's tags to the tag index (a new element's, or after its old ones were removed). */
export function addTags(db: Db, id: string, tags: string[]) {
  const insert = sql(db, insertTagSql);
  for (const tag of tags) insert.run(id, tag.toLowerCase());
}

const insertTagSql = 'INSERT OR IGNORE INTO element_tags (element_id, tag) VALUES (?, ?)';
const tagsPerInsert = 50;
const insertTagsSql = `INSERT OR IGNORE INTO element_tags (element_id, tag) VALUES ${Array.from({ length: tagsPerInsert }, () => '(?, ?)').join(', ')}`;

/** The tags of many new elements, fifty to a statement. */
function addTagsOf(db: Db, elements: NewElement[]) {
  const values = new Array<unknown>(tagsPerInsert * 2);
  let filled = 0;
  for (const element of elements) {
    for (const tag of element.record.tags) {
      values[filled * 2] = element.id;
      values[filled * 2 + 1] = tag.toLowerCase();
      if (++filled === tagsPerInsert) {
        sql(db, insertTagsSql).run(values);
        filled = 0;
      }
    }
  }
  for (let i = 0; i < filled; i++) sql(db, insertTagSql).run(values[i * 2], values[i * 2 + 1]);
}

export const slugTaken = (db: Db, slug: string, exceptId = '') =>
  sql(db, 'SELECT 1 FROM elements WHERE slug = ? AND id != ?').get(slug, exceptId) !== undefined;

// Words the element routes use after a module's prefix (/market/new, /aid/new): an ad called "New" gets "new-2".
const routeWords = new Set(['new']);

const slugBase = (name: string) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'element';

/** A free slug made from a name: "Fête du pain" → "fete-du-pain", then "fete-du-pain-2"... */
export function uniqueSlug(db: Db, name: string): string {
  const base = slugBase(name);
  let slug = base;
  for (let n = 2; routeWords.has(slug) || slugTaken(db, slug); n++) slug = `${base}-${n}`;
  return slug;
}

/**
 * Free slugs for many new elements, none equal to another: the names' own slugs are looked up in one
 * statement. `suffixes` remembers, across calls, the number to try next after a name met before (a
 * register lists hundreds of "Comité des fêtes": each would otherwise try -2, -3... from the start).
 */
export function uniqueSlugs(db: Db, names: string[], suffixes = new Map<string, number>()): string[] {
  const bases = names.map(slugBase);
  const taken = new Set((sql(db, 'SELECT slug FROM elements WHERE slug IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(bases)) as { slug: string }[]).map((row) => row.slug));
  const given = new Set<string>();
  return bases.map((base) => {
    let slug = base;
    if (routeWords.has(slug) || taken.has(slug) || given.has(slug)) {
      let n = suffixes.get(base) ?? 2;
      while (given.has(`${base}-${n}`) || slugTaken(db, `${base}-${n}`)) n++;
      slug = `${base}-${n}`;
      suffixes.set(base, n + 1);
    }
    given.add(slug);
    return slug;
  });
}


export interface LinkedQuery {
  /** Elements linked TO this one (its members, organizers...) or FROM it (what it belongs to, organizes...). */
  direction: 'to' | 'from';
  elementId: string;
  kinds: readonly ('member' | 'contributor' | 'attendee' | 'follows' | 'organizer' | 'parent')[];
  status?: 'active' | 'requested' | 'invited';
  limit: number;
  offset?: number;
}

/** Linked elements the viewer may see, oldest link first, with their total: one query, the one visibility rule. */
export function listLinkedElements(db: Db, viewer: Viewer | null, query: LinkedQuery): { items: ElementCardData[]; total: number } {
  const [self, other] = query.direction === 'to' ? ['to_id', 'from_id'] : ['from_id', 'to_id'];
  const kinds = query.kinds.map((kind) => `'${kind.replace(/[^a-z]/g, '')}'`).join(',');
  const from = `FROM links l JOIN elements e ON e.id = l.${other}
    WHERE l.${self} = :element_id AND l.kind IN (${kinds}) AND l.status = :status AND ${visibleSql('e', viewer)}`;
  const offset = query.offset ?? 0;
  const params = { ...viewerParams(viewer), element_id: query.elementId, status: query.status ?? 'active' };
  const rows = sql(db, `SELECT ${cardColumns} ${from} ORDER BY l.created_at, e.id LIMIT :limit OFFSET :offset`)
    .all({ ...params, limit: query.limit, offset }) as CardRow[];
  const total = offset === 0 && rows.length < query.limit ? rows.length : (sql(db, `SELECT count(*) AS n ${from}`).get(params) as { n: number }).n;
  return { items: rows.map(rowToCard), total };
}

// Lists select only what a card shows: a page of cards then reads a fraction of each row.
const cardColumns = 'e.id, e.type, e.kind, e.slug, e.name, e.short_description, e.visibility, e.starts_at, e.all_day, e.locality';
type CardRow = Pick<ElementRow, 'id' | 'type' | 'kind' | 'slug' | 'name' | 'short_description' | 'visibility' | 'starts_at' | 'all_day' | 'locality'>;

const rowToCard = (row: CardRow): ElementCardData => ({
  id: row.id, type: row.type, kind: row.kind, slug: row.slug, name: row.name, shortDescription: row.short_description,
  visibility: row.visibility, startsAt: row.starts_at, allDay: row.all_day === 1, address: { locality: row.locality },
});

/** Cards, with their positions, of the elements with these rowids (a page of search results). */
/** Cards by rowid, with their position and the box that made them (another box's for a card replicated here). */
export function cardsByRowid(db: Db, rowids: number[]): Map<number, ElementCardData & { position: Element['position']; origin: string }> {
  const rows = sql(db, `SELECT e.rowid AS element_rowid, ${cardColumns}, e.lat, e.lon, e.origin_box FROM elements e
    WHERE e.rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rowids)) as
    (CardRow & { element_rowid: number; lat: number | null; lon: number | null; origin_box: string })[];
  return new Map(rows.map((row) => [row.element_rowid, {
    ...rowToCard(row), position: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon }, origin: row.origin_box,
  }]));
}

export const countLinks = (db: Db, elementId: string, kind: string) =>
  (sql(db, "SELECT count(*) AS n FROM links WHERE to_id = ? AND kind = ? AND status = 'active'").get(elementId, kind) as { n: number }).n;

export const countElementsByType = (db: Db) =>
  sql(db, 'SELECT type, count(*) AS n FROM elements WHERE deleted_at IS NULL GROUP BY type ORDER BY type').all() as { type: ElementType; n: number }[];

export const idsCreatedBy = (db: Db, personId: string) =>
  (sql(db, 'SELECT id FROM elements WHERE created_by = ? AND deleted_at IS NULL ORDER BY id').all(personId) as { id: string }[]).map((row) => row.id);

/** Forgets a person's name and frees their slug, before the tombstone (account deletion). */
export function anonymizePerson(db: Db, personId: string) {
  sql(db, "UPDATE elements SET name = '', slug = 'deleted-' || id WHERE id = ? AND type = 'person'").run(personId);
}
