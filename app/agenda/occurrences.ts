// One occurrence of a recurring event cancelled (EXDATE) or moved (RECURRENCE-ID), by the event's admins.
// Each is a change of the event: its version and sync sequence move too.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { fieldError } from '../core/validation.ts';
import { nowIso } from '../core/time.ts';
import { nextSequence } from '../box/settings.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { isDateOf } from './recurrence.ts';
import { seriesOf, type EventRow } from './events.ts';

function adminSeries(db: Db, viewer: Viewer | null, eventId: string, originalStart: string, boxTimezone: string) {
  const actor = signedIn(viewer);
  const row = sql(db, "SELECT * FROM elements WHERE id = ? AND type = 'event' AND deleted_at IS NULL").get(eventId) as EventRow | undefined;
  const access = accessTo(db, actor, eventId);
  if (!row || !access.canSee) throw notFound('Event');
  if (!access.isAdmin) throw forbidden('Only the admins of this event can change its dates');
  if (row.rrule === null) throw fieldError('originalStart', 'Only a recurring event has occurrences to cancel or move');
  const start = new Date(originalStart);
  // Cancelled dates count too: they are the ones restored.
  if (!isDateOf({ ...seriesOf(row, boxTimezone), exdates: [] }, start)) throw fieldError('originalStart', 'The event has no occurrence at this date');
  return { row, original: start.toISOString() };
}

function touch(db: Db, eventId: string, exdates: string[]) {
  sql(db, `UPDATE elements SET exdates = :exdates, version = version + 1, origin_seq = :seq, updated_at = :now WHERE id = :id`)
    .run({ id: eventId, exdates: JSON.stringify([...new Set(exdates)].sort()), seq: nextSequence(db), now: nowIso() });
}

export function cancelOccurrence(db: Db, viewer: Viewer | null, eventId: string, originalStart: string, boxTimezone: string): void {
  transaction(db, () => {
    const { row, original } = adminSeries(db, viewer, eventId, originalStart, boxTimezone);
    sql(db, 'DELETE FROM event_moves WHERE event_id = ? AND original_start = ?').run(eventId, original);
    touch(db, eventId, [...(JSON.parse(row.exdates) as string[]), original]);
  });
}

export function moveOccurrence(db: Db, viewer: Viewer | null, eventId: string, originalStart: string, to: { startsAt: string; endsAt: string | null }, boxTimezone: string): void {
  if (to.endsAt !== null && Date.parse(to.endsAt) < Date.parse(to.startsAt)) throw fieldError('endsAt', 'The end is before the start');
  transaction(db, () => {
    const { row, original } = adminSeries(db, viewer, eventId, originalStart, boxTimezone);
    // Without a new end, the occurrence keeps the series' duration.
    const endsAt = to.endsAt ?? (row.ends_at === null ? null : new Date(Date.parse(to.startsAt) + Date.parse(row.ends_at) - Date.parse(row.starts_at)).toISOString());
    sql(db, `INSERT INTO event_moves (event_id, original_start, starts_at, ends_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (event_id, original_start) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at`)
      .run(eventId, original, new Date(to.startsAt).toISOString(), endsAt === null ? null : new Date(endsAt).toISOString());
    touch(db, eventId, (JSON.parse(row.exdates) as string[]).filter((date) => Date.parse(date) !== Date.parse(original)));
  });
}

/**
 * Takes one date out of a series without asking who: the date of a room booking cancelled takes the booking's
 * public event's date with it (the booking's rules said who may).
 */
export function excludeDate(db: Db, eventId: string, originalStart: string): void {
  const row = sql(db, "SELECT exdates FROM elements WHERE id = ? AND type = 'event' AND deleted_at IS NULL").get(eventId) as Pick<EventRow, 'exdates'> | undefined;
  if (!row) return;
  sql(db, 'DELETE FROM event_moves WHERE event_id = ? AND original_start = ?').run(eventId, originalStart);
  touch(db, eventId, [...(JSON.parse(row.exdates) as string[]), originalStart]);
}

/** Puts a cancelled or moved occurrence back where the rule has it. */
export function restoreOccurrence(db: Db, viewer: Viewer | null, eventId: string, originalStart: string, boxTimezone: string): void {
  transaction(db, () => {
    const { row, original } = adminSeries(db, viewer, eventId, originalStart, boxTimezone);
    sql(db, 'DELETE FROM event_moves WHERE event_id = ? AND original_start = ?').run(eventId, original);
    touch(db, eventId, (JSON.parse(row.exdates) as string[]).filter((date) => Date.parse(date) !== Date.parse(original)));
  });
}
