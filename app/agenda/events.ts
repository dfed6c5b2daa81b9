// Events on the agenda: a window's occurrences as a viewer may see them. Series are expanded here, for
// the window asked for only (never stored as rows); moved occurrences come from `event_moves`, cancelled
// ones are in `exdates`. Every agenda view, the events API and the iCalendar feeds read through this.
import { sql, type Db } from '../core/db/database.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import { communesOfZoneSql } from '../zones/communes.ts';
import { boxName } from '../sync/further.ts';
import { occurrencesBetween, maxOccurrences, ruleUntilMs, type Series } from './recurrence.ts';

/** The stored columns of an event a series and a card need. */
export interface EventRow {
  id: string;
  slug: string;
  name: string;
  kind: string | null;
  visibility: 'public' | 'members' | 'private';
  starts_at: string;
  ends_at: string | null;
  all_day: number;
  timezone: string | null;
  rrule: string | null;
  exdates: string;
  ical_uid: string | null;
  capacity: number | null;
  parent_id: string | null;
  locality: string;
  commune_insee: string | null;
  origin_box: string;
}

/** The iCalendar UID of an event: the one it was imported with, else `<id>@copi`, stable across exports. */
export function icalUid(event: { id: string; ical_uid?: string | null; icalUid?: string | null }): string {
  return event.ical_uid ?? event.icalUid ?? `${event.id}@copi`;
}

/** The series an event row describes, in its own time zone (the box's when it has none). */
export function seriesOf(row: Pick<EventRow, 'starts_at' | 'ends_at' | 'all_day' | 'timezone' | 'rrule' | 'exdates'>, boxTimezone = 'Europe/Paris'): Series {
  return {
    startsAt: row.starts_at, endsAt: row.ends_at, allDay: row.all_day === 1, timezone: row.timezone ?? boxTimezone,
    rrule: row.rrule, exdates: JSON.parse(row.exdates) as string[],
  };
}

export interface AgendaWindow {
  /** Occurrences overlapping [from, to). */
  from: Date;
  to: Date;
}

export interface AgendaFilters {
  /** Zone ids (`commune:26114`, `epci:…`, `custom:…`; a bare INSEE code is a commune): any of them. */
  zones?: string[];
  tag?: string;
  /** Event kind (concert, market…). */
  kind?: string;
  /** Events organized by this element, or sub-events of it (a festival's programme), or the event itself. */
  element?: string;
  /** "My agenda": events this person goes to, is interested in, waits for, or organizes. */
  person?: string;
  /** Time zone of events stored without one (the box's). */
  boxTimezone?: string;
  /** A page: skip this many occurrences, then at most `limit` (maxOccurrences by default). */
  offset?: number;
  limit?: number;
}

export interface EventOccurrence {
  /** ISO instants in UTC; `originalStart` identifies the occurrence in its series (RECURRENCE-ID). */
  startsAt: string;
  endsAt: string | null;
  originalStart: string;
  /** True when this occurrence was moved from `originalStart`. */
  moved: boolean;
  allDay: boolean;
  recurring: boolean;
  event: {
    id: string; slug: string; name: string; kind: string | null; visibility: EventRow['visibility'];
    timezone: string; locality: string; communeInsee: string | null; commune: string | null; organizers: string[];
    uid: string;
    /** The box a card replicated from another box comes from (app/sync/); null for this box's events. */
    fromBox: string | null;
  };
}

// Stored starts carry the offset they were typed with, so text comparison may be off by up to 14 hours:
// SQL keeps a day's margin on each side, exact instants are compared below.
const marginMs = 86_400_000;

// Events that last longer than this many days are read through their own index (elements_long_events):
// the others are found by a start at most this long before the window.
const longEventDays = 31;

// A single date in the window, a series begun before its end, or one with an occurrence moved into it;
// each part through its own index, named: one OR over the events table read all 25,000 events of a big box,
// and without statistics SQLite preferred the plain type index to these partial ones.
const eventsInWindowSql = `
  SELECT id FROM elements INDEXED BY elements_starts WHERE type = 'event' AND starts_at >= :long_from AND starts_at < :to_wide
    AND rrule IS NULL AND coalesce(ends_at, starts_at) >= :from_wide
  UNION SELECT id FROM elements INDEXED BY elements_long_events WHERE type = 'event' AND rrule IS NULL AND julianday(ends_at) - julianday(starts_at) > ${longEventDays}
    AND starts_at < :to_wide AND ends_at >= :from_wide
  UNION SELECT id FROM elements INDEXED BY elements_recurring WHERE rrule IS NOT NULL AND type = 'event' AND starts_at < :to_wide
  UNION SELECT event_id FROM event_moves WHERE starts_at < :to_wide AND coalesce(ends_at, starts_at) >= :from_wide`;

const eventColumns = `e.id, e.slug, e.name, e.kind, e.visibility, e.starts_at, e.ends_at, e.all_day, e.timezone, e.rrule,
  e.exdates, e.ical_uid, e.capacity, e.parent_id, e.locality, e.commune_insee, e.origin_box`;

/** The visible occurrences overlapping a window, soonest first, with what a list of them shows. */
export function eventOccurrences(db: Db, viewer: Viewer | null, window: AgendaWindow, filters: AgendaFilters = {}): { occurrences: EventOccurrence[]; total: number; truncated: boolean } {
  const { where, params } = filterSql(viewer, window, filters);
  // A single date in the window, a series begun before its end, or one with an occurrence moved into it.
  const rows = sql(db, `SELECT ${eventColumns} FROM elements e WHERE e.id IN (${eventsInWindowSql}) AND ${where.join(' AND ')}`)
    .all({ ...params, long_from: new Date(window.from.getTime() - marginMs - longEventDays * marginMs).toISOString() }) as EventRow[];
  const limit = filters.limit ?? maxOccurrences;
  const boxTimezone = filters.boxTimezone ?? 'Europe/Paris';
  const movesByEvent = movesOf(db, rows.filter((row) => row.rrule !== null).map((row) => row.id));
  let truncated = false;
  const found: { row: EventRow; occurrence: Omit<EventOccurrence, 'event' | 'allDay' | 'recurring'> }[] = [];
  for (const row of rows) {
    const series = seriesOf(row, boxTimezone);
    if (series.rrule !== null && untilBefore(series, window.from)) continue;
    const moves = movesByEvent.get(row.id) ?? [];
    // A moved occurrence is left out where the rule puts it and shown where it was moved to.
    const movedAway = new Set(moves.map((move) => move.original_start));
    const expanded = occurrencesBetween({ ...series, exdates: [...series.exdates, ...movedAway] }, window.from, window.to, maxOccurrences);
    truncated ||= expanded.truncated;
    for (const occurrence of expanded.occurrences) found.push({ row, occurrence: { ...occurrence, moved: false } });
    for (const move of moves) {
      if (!overlaps(move.starts_at, move.ends_at, window) || series.exdates.some((date) => sameInstant(date, move.original_start))) continue;
      found.push({ row, occurrence: { startsAt: iso(move.starts_at), endsAt: move.ends_at === null ? null : iso(move.ends_at), originalStart: move.original_start, moved: true } });
    }
  }
  const kept = filters.person ? keepAttendedDates(db, filters.person, found) : found;
  kept.sort((a, b) => a.occurrence.startsAt.localeCompare(b.occurrence.startsAt) || a.row.name.localeCompare(b.row.name) || a.row.id.localeCompare(b.row.id));
  const offset = filters.offset ?? 0;
  // `truncated`: more than this page holds, or a series with more dates in the window than one expansion gives.
  if (kept.length > offset + limit) truncated = true;
  const page = kept.slice(offset, offset + limit);
  const ids = [...new Set(page.map((item) => item.row.id))];
  const organizers = organizersOf(db, viewer, ids);
  const communes = communeNames(db, page.map((item) => item.row.commune_insee));
  const ownBox = (sql(db, "SELECT value FROM box_settings WHERE key = 'box_id'").get() as { value: string }).value;
  const occurrences = page.map(({ row, occurrence }): EventOccurrence => ({
    ...occurrence, allDay: row.all_day === 1, recurring: row.rrule !== null,
    event: {
      id: row.id, slug: row.slug, name: row.name, kind: row.kind, visibility: row.visibility, timezone: row.timezone ?? boxTimezone,
      locality: row.locality, communeInsee: row.commune_insee, commune: row.commune_insee ? communes.get(row.commune_insee) ?? null : null,
      organizers: organizers.get(row.id) ?? [], uid: icalUid(row),
      fromBox: row.origin_box === ownBox ? null : boxName(db, row.origin_box),
    },
  }));
  return { occurrences, total: kept.length, truncated };
}

/**
 * The ids of the visible events matching the filters, whatever their dates (iCalendar feeds: series whole),
 * in start order: one sorted query of ids only (about 40 bytes each), the rows then read page by page.
 */
export function visibleEventIds(db: Db, viewer: Viewer | null, filters: Omit<AgendaFilters, 'limit' | 'boxTimezone'>): string[] {
  const { where, params } = filterSql(viewer, { from: new Date(0), to: new Date(0) }, filters);
  return (sql(db, `SELECT e.id FROM elements e WHERE e.type = 'event' AND e.starts_at IS NOT NULL AND ${where.join(' AND ')}
    ORDER BY e.starts_at, e.id`).all(params) as { id: string }[]).map((row) => row.id);
}

/** The rows of these events, `pageSize` at a time, in the order given: no statement stays open between pages. */
export function* eventRowPages(db: Db, ids: string[], pageSize = 200): Generator<EventRow[]> {
  const read = sql(db, `SELECT ${eventColumns} FROM elements e WHERE e.id IN (SELECT value FROM json_each(?))`);
  for (let offset = 0; offset < ids.length; offset += pageSize) {
    const chunk = ids.slice(offset, offset + pageSize);
    const rows = new Map((read.all(JSON.stringify(chunk)) as EventRow[]).map((row) => [row.id, row]));
    yield chunk.flatMap((id) => rows.get(id) ?? []);
  }
}

function filterSql(viewer: Viewer | null, window: AgendaWindow, filters: Omit<AgendaFilters, 'limit' | 'boxTimezone'>) {
  const where = [visibleSql('e', viewer)];
  const params: Record<string, unknown> = {
    ...viewerParams(viewer),
    from_wide: new Date(window.from.getTime() - marginMs).toISOString(),
    to_wide: new Date(window.to.getTime() + marginMs).toISOString(),
  };
  if (filters.zones && filters.zones.length > 0) {
    const parts = filters.zones.slice(0, 20).map((zone, index) => {
      params[`zone${index}`] = zone.includes(':') ? zone : `commune:${zone}`;
      return communesOfZoneSql(`zone${index}`);
    });
    where.push(`e.commune_insee IN (${parts.join(' UNION ALL ')})`);
  }
  if (filters.tag) {
    where.push('EXISTS (SELECT 1 FROM element_tags t WHERE t.element_id = e.id AND t.tag = :tag)');
    params.tag = filters.tag.toLowerCase();
  }
  if (filters.kind) { where.push('e.kind = :kind'); params.kind = filters.kind; }
  if (filters.element) {
    // Each way in through its own index: an OR of them made SQLite read every event.
    where.push(`e.id IN (SELECT :element UNION ALL SELECT id FROM elements WHERE parent_id = :element
      UNION ALL SELECT id FROM elements WHERE place_id = :element
      UNION ALL SELECT to_id FROM links WHERE from_id = :element AND kind = 'organizer' AND status = 'active')`);
    params.element = filters.element;
  }
  if (filters.person) {
    where.push(`(EXISTS (SELECT 1 FROM event_attendance a WHERE a.event_id = e.id AND a.person_id = :person)
      OR EXISTS (SELECT 1 FROM links o WHERE o.from_id = :person AND o.to_id = e.id AND o.status = 'active' AND (o.kind = 'organizer' OR o.is_admin = 1))
      OR e.created_by = :person)`);
    params.person = filters.person;
  }
  return { where, params };
}

type Found = { row: EventRow; occurrence: Omit<EventOccurrence, 'event' | 'allDay' | 'recurring'> };

/**
 * "My agenda": of a recurring event the person only attends (does not organize, administer or create),
 * only the dates they go to, are interested in or wait for.
 */
function keepAttendedDates(db: Db, personId: string, found: Found[]): Found[] {
  const ids = [...new Set(found.filter((item) => item.row.rrule !== null).map((item) => item.row.id))];
  if (ids.length === 0) return found;
  const rows = sql(db, `SELECT a.event_id, a.occurrence FROM event_attendance a JOIN elements e ON e.id = a.event_id
    WHERE a.person_id = :person AND a.occurrence != '' AND a.event_id IN (SELECT value FROM json_each(:ids))
      AND e.created_by IS NOT :person AND NOT EXISTS (SELECT 1 FROM links o WHERE o.from_id = :person AND o.to_id = e.id
        AND o.status = 'active' AND (o.kind = 'organizer' OR o.is_admin = 1))`).all({ person: personId, ids: JSON.stringify(ids) }) as
    { event_id: string; occurrence: string }[];
  const dates = new Map<string, Set<string>>();
  for (const row of rows) dates.set(row.event_id, (dates.get(row.event_id) ?? new Set()).add(row.occurrence));
  return found.filter((item) => !dates.has(item.row.id) || dates.get(item.row.id)!.has(new Date(item.occurrence.originalStart).toISOString()));
}

interface MoveRow { event_id: string; original_start: string; starts_at: string; ends_at: string | null }

function movesOf(db: Db, eventIds: string[]): Map<string, MoveRow[]> {
  const byEvent = new Map<string, MoveRow[]>();
  if (eventIds.length === 0) return byEvent;
  const rows = sql(db, `SELECT event_id, original_start, starts_at, ends_at FROM event_moves
    WHERE event_id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(eventIds)) as MoveRow[];
  for (const row of rows) byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), row]);
  return byEvent;
}

/** Names of the organizers the viewer may see, per event. */
function organizersOf(db: Db, viewer: Viewer | null, eventIds: string[]): Map<string, string[]> {
  const byEvent = new Map<string, string[]>();
  if (eventIds.length === 0) return byEvent;
  const rows = sql(db, `SELECT l.to_id AS event_id, e.name FROM links l JOIN elements e ON e.id = l.from_id
    WHERE l.to_id IN (SELECT value FROM json_each(:ids)) AND l.kind = 'organizer' AND l.status = 'active' AND ${visibleSql('e', viewer)}
    ORDER BY l.created_at, e.id`).all({ ...viewerParams(viewer), ids: JSON.stringify(eventIds) }) as { event_id: string; name: string }[];
  for (const row of rows) byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), row.name]);
  return byEvent;
}

function communeNames(db: Db, codes: (string | null)[]): Map<string, string> {
  const wanted = [...new Set(codes.filter((code): code is string => code !== null))];
  if (wanted.length === 0) return new Map();
  const rows = sql(db, 'SELECT insee, name FROM communes WHERE insee IN (SELECT value FROM json_each(?))').all(JSON.stringify(wanted)) as { insee: string; name: string }[];
  return new Map(rows.map((row) => [row.insee, row.name]));
}

/** A series whose UNTIL is before the window has nothing in it: skip expanding it. */
function untilBefore(series: Series, from: Date): boolean {
  const until = ruleUntilMs(series.rrule ?? '', series.timezone);
  if (until === null || Number.isNaN(until)) return false;
  const durationMs = series.endsAt === null ? 0 : Date.parse(series.endsAt) - Date.parse(series.startsAt);
  // The last occurrence may still be running; the margin keeps this skip on the safe side.
  return until + marginMs + durationMs < from.getTime();
}

const iso = (instant: string) => new Date(instant).toISOString();
const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);
const overlaps = (startsAt: string, endsAt: string | null, window: AgendaWindow) =>
  Date.parse(startsAt) < window.to.getTime() && Date.parse(endsAt ?? startsAt) >= window.from.getTime();
