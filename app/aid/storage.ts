// SQL for mutual aid: the list of needs and offers, the candidates of a match, and the stored matches.
// No permission decisions here beyond binding the one visibility rule (see ./actions.ts).
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { nextSequence } from '../box/settings.ts';
import { decodeCursor, rowToElement, type Page } from '../elements/storage.ts';
import type { Element } from '../elements/model.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import { communesOfZoneSql } from '../zones/communes.ts';
import type { AidKind, MatchReasons, StoredMatch } from './model.ts';

export interface AidFilter {
  kind?: AidKind;
  category?: string;
  /** `commune:INSEE`, `epci:SIREN`, `dep:NN` or a custom zone. */
  zone?: string;
  /** Also the entries their authors marked fulfilled. */
  withClosed?: boolean;
}

/** Needs and offers the viewer may see, newest first, by cursor (open ones only unless asked). */
export function listAid(db: Db, viewer: Viewer | null, filter: AidFilter, cursor: string | null, limit: number): Page<Element> {
  const where = ["e.type = 'aid'", visibleSql('e', viewer)];
  const params: Record<string, unknown> = { ...viewerParams(viewer), limit: limit + 1 };
  if (filter.kind) { where.push('e.kind = :kind'); params.kind = filter.kind; }
  if (filter.category) { where.push('e.category = :category'); params.category = filter.category; }
  if (filter.zone) { where.push(`e.commune_insee IN (${communesOfZoneSql('zone')})`); params.zone = filter.zone; }
  if (!filter.withClosed) where.push('e.closed_at IS NULL');
  // Past their expiry, their own admins still see them (to renew them); the list is for what is current.
  where.push("(e.expires_at IS NULL OR e.expires_at > :now)");
  params.now = nowIso();
  if (cursor) { where.push('e.id < :c_id'); params.c_id = decodeCursor(cursor)[0]; }
  const rows = sql(db, `SELECT e.* FROM elements e WHERE ${where.join(' AND ')} ORDER BY e.id DESC LIMIT :limit`).all(params) as Parameters<typeof rowToElement>[0][];
  const items = rows.slice(0, limit).map(rowToElement);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.id])).toString('base64url') : null };
}

export interface Candidate {
  rowid: number;
  id: string;
  createdAt: string;
  communeInsee: string | null;
  /** The entry's own position, else its commune's centre; null when it has neither. */
  lat: number | null;
  lon: number | null;
}

export interface CandidateQuery {
  category: string;
  kind: AidKind;
  excludeId: string;
  authorId: string;
  now: string;
  /** Around the new entry; none: everywhere (an entry without a place). */
  box?: { latMin: number; latMax: number; lonMin: number; lonMax: number };
}

/**
 * Open, unexpired entries of one category and kind that `viewer` may see, with a position (their own or
 * their commune's centre, from the attached zone database). The category index narrows first; the box
 * around the new entry then reads only those rows.
 */
export function matchCandidates(db: Db, viewer: Viewer, query: CandidateQuery): Candidate[] {
  const lat = 'coalesce(e.lat, z.lat)';
  const lon = 'coalesce(e.lon, z.lon)';
  const inBox = query.box ? `AND ${lat} BETWEEN :lat_min AND :lat_max AND ${lon} BETWEEN :lon_min AND :lon_max` : '';
  return sql(db, `SELECT e.rowid AS rowid, e.id, e.created_at AS createdAt, e.commune_insee AS communeInsee, ${lat} AS lat, ${lon} AS lon
    FROM elements e
    LEFT JOIN zones.zones z ON e.lat IS NULL AND z.id = 'commune:' || e.commune_insee
    WHERE e.type = 'aid' AND e.category = :category AND e.kind = :kind
      AND e.closed_at IS NULL AND e.deleted_at IS NULL AND e.expires_at > :now
      AND e.id != :exclude_id AND e.created_by IS NOT :author_id ${inBox}
      AND ${visibleSql('e', viewer)}`).all({
    ...viewerParams(viewer), category: query.category, kind: query.kind, exclude_id: query.excludeId, author_id: query.authorId, now: query.now,
    ...(query.box ? { lat_min: query.box.latMin, lat_max: query.box.latMax, lon_min: query.box.lonMin, lon_max: query.box.lonMax } : {}),
  }) as Candidate[];
}

/**
 * bm25 ranks (lower is better) of those rowids the FTS5 expression matches; words in the locality do not count.
 * The whole match is ranked and the candidates picked in JavaScript: with `rowid IN (…)` beside MATCH, FTS5
 * ranked each row on its own, forty times slower (50 ms instead of 1 for 200 candidates among 20,000 offers).
 */
export function textRanks(db: Db, match: string, rowids: number[]): Map<number, number> {
  if (rowids.length === 0) return new Map();
  const wanted = new Set(rowids);
  const ranks = new Map<number, number>();
  const rows = sql(db, 'SELECT rowid, bm25(search_text, 10.0, 4.0, 1.0, 6.0, 0.0) FROM search_text WHERE search_text MATCH ?').raw().iterate(match) as Iterable<[number, number]>;
  for (const [rowid, rank] of rows) if (wanted.has(rowid)) ranks.set(rowid, rank);
  return ranks;
}

/** Name and descriptions of entries, to say which words they share. */
export const textsOf = (db: Db, ids: string[]) =>
  new Map((sql(db, `SELECT id, name || ' ' || short_description || ' ' || description || ' ' || tags AS text FROM elements
    WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as { id: string; text: string }[]).map((row) => [row.id, row.text]));

/** Stores proposed matches; one already proposed keeps its first date and whether it was dismissed. */
export function saveMatches(db: Db, matches: { needId: string; offerId: string; score: number; reasons: MatchReasons }[], isDemo = false) {
  const upsert = sql(db, `INSERT INTO aid_matches (need_id, offer_id, score, reasons, created_at, is_demo)
    VALUES (:need_id, :offer_id, :score, :reasons, :now, :is_demo)
    ON CONFLICT (need_id, offer_id) DO UPDATE SET score = excluded.score, reasons = excluded.reasons`);
  const now = nowIso();
  for (const match of matches) {
    upsert.run({ need_id: match.needId, offer_id: match.offerId, score: match.score, reasons: JSON.stringify(match.reasons), now, is_demo: isDemo ? 1 : 0 });
  }
}

/**
 * The matches of an entry that are not dismissed, best first: the other side must still be open, unexpired
 * and visible to the viewer (the one visibility rule on it).
 */
export function matchesOf(db: Db, viewer: Viewer | null, entry: { id: string; kind: AidKind }, limit: number): StoredMatch[] {
  const [self, other] = entry.kind === 'need' ? ['need_id', 'offer_id'] : ['offer_id', 'need_id'];
  const rows = sql(db, `SELECT e.*, m.score AS match_score, m.reasons AS match_reasons, m.created_at AS match_created_at
    FROM aid_matches m JOIN elements e ON e.id = m.${other}
    WHERE m.${self} = :id AND m.dismissed_at IS NULL AND e.closed_at IS NULL
      AND (e.expires_at IS NULL OR e.expires_at > :now) AND ${visibleSql('e', viewer)}
    ORDER BY m.score DESC, e.id LIMIT :limit`).all({ ...viewerParams(viewer), id: entry.id, now: nowIso(), limit }) as
    (Parameters<typeof rowToElement>[0] & { match_score: number; match_reasons: string; match_created_at: string })[];
  return rows.map((row) => ({
    entry: rowToElement(row), score: row.match_score, reasons: JSON.parse(row.match_reasons) as MatchReasons, proposedAt: row.match_created_at,
  }));
}

/** Dismisses the match between two entries (in either order); false when there is none to dismiss. */
export function dismissMatch(db: Db, oneId: string, otherId: string): boolean {
  return sql(db, `UPDATE aid_matches SET dismissed_at = :now
    WHERE dismissed_at IS NULL AND ((need_id = :a AND offer_id = :b) OR (need_id = :b AND offer_id = :a))`)
    .run({ a: oneId, b: otherId, now: nowIso() }).changes === 1;
}

/** Renews an entry: a new expiry, as a change like any other. */
export function setExpiry(db: Db, id: string, expiresAt: string): boolean {
  const now = nowIso();
  return sql(db, `UPDATE elements SET expires_at = :expires_at, origin_seq = :seq, version = version + 1, updated_at = :now
    WHERE id = :id AND deleted_at IS NULL`).run({ id, expires_at: expiresAt, seq: nextSequence(db), now }).changes === 1;
}

/** Organizations (and projects) the person is an active member or contributor of: who they may publish for. */
export const publishersFor = (db: Db, personId: string) =>
  sql(db, `SELECT e.id, e.name FROM links l JOIN elements e ON e.id = l.to_id
    WHERE l.from_id = ? AND l.status = 'active' AND (l.kind = 'member' OR l.kind = 'contributor' OR l.is_admin = 1)
      AND e.type = 'organization' AND e.deleted_at IS NULL ORDER BY e.name`).all(personId) as { id: string; name: string }[];

/** The organization an entry is published by, if any. */
export const organizerOf = (db: Db, id: string) =>
  sql(db, `SELECT e.id, e.name, e.slug FROM links l JOIN elements e ON e.id = l.from_id
    WHERE l.to_id = ? AND l.kind = 'organizer' AND l.status = 'active' AND e.deleted_at IS NULL LIMIT 1`).get(id) as
    { id: string; name: string; slug: string } | undefined;

/** The person who posted an entry, for the "posted by" line. */
export const authorOf = (db: Db, id: string) =>
  sql(db, `SELECT p.id, p.name, p.slug FROM elements e JOIN elements p ON p.id = e.created_by AND p.deleted_at IS NULL
    WHERE e.id = ?`).get(id) as { id: string; name: string; slug: string } | undefined;

export function deleteDemoAid(db: Db) {
  sql(db, 'DELETE FROM aid_matches WHERE is_demo = 1').run();
}
