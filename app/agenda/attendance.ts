// Who goes to an event: "going" up to the capacity, then a waiting list (first come, first moved up),
// and "interested" apart. Every change and the moves up it causes are one transaction.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { AppError, notFound } from '../core/errors.ts';
import { nowIso } from '../core/time.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';

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
  sql(db, "SELECT id, capacity FROM elements WHERE id = ? AND type = 'event' AND deleted_at IS NULL").get(id) as { id: string; capacity: number | null } | undefined;

const statusOf = (db: Db, eventId: string, personId: string) =>
  (sql(db, 'SELECT status FROM event_attendance WHERE event_id = ? AND person_id = ?').get(eventId, personId) as { status: AttendanceStatus } | undefined)?.status ?? null;

const goingCount = (db: Db, eventId: string) =>
  (sql(db, "SELECT count(*) AS n FROM event_attendance WHERE event_id = ? AND status = 'going'").get(eventId) as { n: number }).n;

/** Counts and the viewer's own place. */
export function attendanceOf(db: Db, eventId: string, viewer: Viewer | null, capacity: number | null): AttendanceSummary {
  const counts = sql(db, 'SELECT status, count(*) AS n FROM event_attendance WHERE event_id = ? GROUP BY status').all(eventId) as { status: AttendanceStatus; n: number }[];
  const count = (status: AttendanceStatus) => counts.find((row) => row.status === status)?.n ?? 0;
  const mine = viewer ? statusOf(db, eventId, viewer.personId) : null;
  const waitingPosition = mine === 'waiting' && viewer
    ? (sql(db, `SELECT count(*) AS n FROM event_attendance w JOIN event_attendance me ON me.event_id = w.event_id AND me.person_id = :person
        WHERE w.event_id = :event AND w.status = 'waiting' AND (w.created_at < me.created_at OR (w.created_at = me.created_at AND w.person_id <= me.person_id))`)
        .get({ event: eventId, person: viewer.personId }) as { n: number }).n
    : null;
  return { going: count('going'), interested: count('interested'), waiting: count('waiting'), capacity, mine, waitingPosition };
}

/**
 * Says the viewer goes to (or is interested in) an event they may see. Going beyond the capacity puts
 * them on the waiting list; someone already going or waiting keeps their place.
 */
export function setAttendance(db: Db, viewer: Viewer | null, eventId: string, wanted: 'going' | 'interested'): AttendanceStatus {
  const person = signedIn(viewer);
  return transaction(db, () => {
    const event = eventOf(db, eventId);
    if (!event || !accessTo(db, person, eventId).canSee) throw notFound('Event');
    if (person.personId === eventId) throw new AppError('bad_request', 'An event cannot attend itself');
    const current = statusOf(db, eventId, person.personId);
    if (wanted === 'going' && (current === 'going' || current === 'waiting')) return current;
    const status: AttendanceStatus = wanted === 'interested' ? 'interested'
      : event.capacity !== null && goingCount(db, eventId) >= event.capacity ? 'waiting' : 'going';
    // A new status is a new place in line: only the time of joining the waiting list counts.
    sql(db, `INSERT INTO event_attendance (event_id, person_id, status, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (event_id, person_id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at`)
      .run(eventId, person.personId, status, nowIso());
    if (current === 'going') moveUpWaiting(db, eventId);
    return status;
  });
}

/** The viewer no longer goes nor is interested; the first waiting person takes a freed place. */
export function leaveAttendance(db: Db, viewer: Viewer | null, eventId: string): void {
  const person = signedIn(viewer);
  transaction(db, () => {
    if (!eventOf(db, eventId) || !accessTo(db, person, eventId).canSee) throw notFound('Event');
    sql(db, 'DELETE FROM event_attendance WHERE event_id = ? AND person_id = ?').run(eventId, person.personId);
    moveUpWaiting(db, eventId);
  });
}

/** Fills free places from the waiting list, first come first; call inside a transaction (also after a capacity change). */
export function moveUpWaiting(db: Db, eventId: string): void {
  const event = eventOf(db, eventId);
  if (!event) return;
  // LIMIT -1: no capacity, everyone waiting goes.
  const free = event.capacity === null ? -1 : event.capacity - goingCount(db, eventId);
  if (event.capacity !== null && free <= 0) return;
  sql(db, `UPDATE event_attendance SET status = 'going' WHERE event_id = :event AND person_id IN (
      SELECT person_id FROM event_attendance WHERE event_id = :event AND status = 'waiting' ORDER BY created_at, person_id LIMIT :free)`)
    .run({ event: eventId, free });
}
