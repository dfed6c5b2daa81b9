// Who goes to an event: "going" up to the capacity, then a waiting list (first come, first moved up),
// and "interested" apart — for a recurring event, date by date (`occurrence`: the date's original start;
// '' for a single event). Every change and the moves up it causes are one transaction.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { AppError, notFound } from '../core/errors.ts';
import { nowIso } from '../core/time.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { fieldError } from '../core/validation.ts';
import { isDateOf } from './recurrence.ts';
import { seriesOf, type EventRow } from './events.ts';

export type AttendanceStatus = 'going' | 'interested' | 'waiting';

export interface AttendanceSummary {
  going: number;
  interested: number;
  waiting: number;
  capacity: number | null;
  /** The viewer's own status, and their place in the waiting list (1 = next to move up). */
  mine: AttendanceStatus | null;
  waitingPosition: number | null;
}

const eventOf = (db: Db, id: string) =>
  sql(db, "SELECT * FROM elements WHERE id = ? AND type = 'event' AND deleted_at IS NULL").get(id) as (EventRow & { capacity: number | null }) | undefined;

const statusOf = (db: Db, eventId: string, occurrence: string, personId: string) =>
  (sql(db, 'SELECT status FROM event_attendance WHERE event_id = ? AND occurrence = ? AND person_id = ?').get(eventId, occurrence, personId) as
    { status: AttendanceStatus } | undefined)?.status ?? null;

const goingCount = (db: Db, eventId: string, occurrence: string) =>
  (sql(db, "SELECT count(*) AS n FROM event_attendance WHERE event_id = ? AND occurrence = ? AND status = 'going'").get(eventId, occurrence) as { n: number }).n;

/** The key of one date of an event: '' for a single event, the original start of a recurring event's date (checked). */
export function occurrenceKey(event: EventRow, occurrence: string | undefined, boxTimezone: string): string {
  if (event.rrule === null) {
    if (occurrence) throw fieldError('occurrence', 'Only a recurring event has dates to choose from');
    return '';
  }
  const start = occurrence ? new Date(occurrence) : null;
  if (!start || Number.isNaN(start.getTime())) throw fieldError('occurrence', 'Choose one date of this recurring event');
  if (!isDateOf(seriesOf(event, boxTimezone), start)) throw fieldError('occurrence', 'The event has no occurrence at this date');
  return start.toISOString();
}

/** Counts and the viewer's own place. */
export function attendanceOf(db: Db, eventId: string, viewer: Viewer | null, capacity: number | null, occurrence = ''): AttendanceSummary {
  const counts = sql(db, 'SELECT status, count(*) AS n FROM event_attendance WHERE event_id = ? AND occurrence = ? GROUP BY status')
    .all(eventId, occurrence) as { status: AttendanceStatus; n: number }[];
  const count = (status: AttendanceStatus) => counts.find((row) => row.status === status)?.n ?? 0;
  const mine = viewer ? statusOf(db, eventId, occurrence, viewer.personId) : null;
  const waitingPosition = mine === 'waiting' && viewer
    ? (sql(db, `SELECT count(*) AS n FROM event_attendance w JOIN event_attendance me
          ON me.event_id = w.event_id AND me.occurrence = w.occurrence AND me.person_id = :person
        WHERE w.event_id = :event AND w.occurrence = :occurrence AND w.status = 'waiting'
          AND (w.created_at < me.created_at OR (w.created_at = me.created_at AND w.person_id <= me.person_id))`)
        .get({ event: eventId, occurrence, person: viewer.personId }) as { n: number }).n
    : null;
  return { going: count('going'), interested: count('interested'), waiting: count('waiting'), capacity, mine, waitingPosition };
}

/** Counts and the viewer's own place for one date (`date`: as setAttendance takes it) of an event they may see. */
export function attendanceAt(db: Db, viewer: Viewer | null, eventId: string, date: string | undefined, boxTimezone: string): AttendanceSummary {
  const event = eventOf(db, eventId);
  if (!event || !accessTo(db, viewer, eventId).canSee) throw notFound('Event');
  return attendanceOf(db, eventId, viewer, event.capacity, occurrenceKey(event, date, boxTimezone));
}

/**
 * Says the viewer goes to (or is interested in) an event they may see. Going beyond the capacity puts
 * them on the waiting list; someone already going or waiting keeps their place.
 */
export function setAttendance(db: Db, viewer: Viewer | null, eventId: string, wanted: 'going' | 'interested', date?: string, boxTimezone = 'Europe/Paris'): AttendanceStatus {
  const person = signedIn(viewer);
  return transaction(db, () => {
    const event = eventOf(db, eventId);
    if (!event || !accessTo(db, person, eventId).canSee) throw notFound('Event');
    if (person.personId === eventId) throw new AppError('bad_request', 'An event cannot attend itself');
    const occurrence = occurrenceKey(event, date, boxTimezone);
    const current = statusOf(db, eventId, occurrence, person.personId);
    if (wanted === 'going' && (current === 'going' || current === 'waiting')) return current;
    const status: AttendanceStatus = wanted === 'interested' ? 'interested'
      : event.capacity !== null && goingCount(db, eventId, occurrence) >= event.capacity ? 'waiting' : 'going';
    // A new status is a new place in line: only the time of joining the waiting list counts.
    sql(db, `INSERT INTO event_attendance (event_id, occurrence, person_id, status, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (event_id, occurrence, person_id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at`)
      .run(eventId, occurrence, person.personId, status, nowIso());
    if (current === 'going') moveUpWaiting(db, eventId, occurrence);
    return status;
  });
}

/** The viewer no longer goes nor is interested; the first waiting person takes a freed place. */
export function leaveAttendance(db: Db, viewer: Viewer | null, eventId: string, date?: string, boxTimezone = 'Europe/Paris'): void {
  const person = signedIn(viewer);
  transaction(db, () => {
    const event = eventOf(db, eventId);
    if (!event || !accessTo(db, person, eventId).canSee) throw notFound('Event');
    const occurrence = occurrenceKey(event, date, boxTimezone);
    sql(db, 'DELETE FROM event_attendance WHERE event_id = ? AND occurrence = ? AND person_id = ?').run(eventId, occurrence, person.personId);
    moveUpWaiting(db, eventId, occurrence);
  });
}

/**
 * Fills free places from the waiting list, first come first; call inside a transaction. Without a date,
 * every date of the event (after a capacity change).
 */
export function moveUpWaiting(db: Db, eventId: string, occurrence?: string): void {
  const event = eventOf(db, eventId);
  if (!event) return;
  const dates = occurrence !== undefined ? [occurrence]
    : sql(db, "SELECT DISTINCT occurrence FROM event_attendance WHERE event_id = ? AND status = 'waiting'").pluck().all(eventId) as string[];
  for (const date of dates) {
    // LIMIT -1: no capacity, everyone waiting goes.
    const free = event.capacity === null ? -1 : event.capacity - goingCount(db, eventId, date);
    if (event.capacity !== null && free <= 0) continue;
    sql(db, `UPDATE event_attendance SET status = 'going' WHERE event_id = :event AND occurrence = :date AND person_id IN (
        SELECT person_id FROM event_attendance WHERE event_id = :event AND occurrence = :date AND status = 'waiting'
        ORDER BY created_at, person_id LIMIT :free)`)
      .run({ event: eventId, date, free });
  }
}
