// SQL for rooms, bookings, the slots bookings hold and the notices requesters read. No permission decisions here.
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { uuidv7 } from '../core/ids.ts';
import { maxSlotMs, type Booking, type BookingStatus, type Notice, type Room, type RoomInput, type SlotView } from './model.ts';

interface RoomRow {
  id: string; place_id: string; name: string; capacity: number | null; equipment: string; accessibility: string; rules: string;
  photos: string; booking_policy: Room['bookingPolicy']; is_demo: number; created_at: string; updated_at: string;
}

function rowToRoom(db: Db, row: RoomRow): Room {
  const organizationIds = (sql(db, 'SELECT organization_id FROM room_organizations WHERE room_id = ? ORDER BY organization_id').all(row.id) as { organization_id: string }[])
    .map((org) => org.organization_id);
  return {
    id: row.id, placeId: row.place_id, name: row.name, capacity: row.capacity, equipment: row.equipment, accessibility: row.accessibility,
    rules: row.rules, bookingPolicy: row.booking_policy, organizationIds, isDemo: row.is_demo === 1,
    createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export function findRoom(db: Db, id: string): Room | null {
  const row = sql(db, 'SELECT * FROM rooms WHERE id = ?').get(id) as RoomRow | undefined;
  return row ? rowToRoom(db, row) : null;
}

export function roomsOfPlace(db: Db, placeId: string): Room[] {
  return (sql(db, 'SELECT * FROM rooms WHERE place_id = ? ORDER BY name, id').all(placeId) as RoomRow[]).map((row) => rowToRoom(db, row));
}

export function insertRoom(db: Db, placeId: string, room: RoomInput, isDemo = false): string {
  const id = uuidv7();
  const now = nowIso();
  // The old free-text `photos` column stays empty: a room's photos are in room_photos (app/rooms/photos.ts).
  sql(db, `INSERT INTO rooms (id, place_id, name, capacity, equipment, accessibility, rules, booking_policy, is_demo, created_at, updated_at)
    VALUES (:id, :place_id, :name, :capacity, :equipment, :accessibility, :rules, :policy, :is_demo, :now, :now)`).run({
    id, place_id: placeId, name: room.name, capacity: room.capacity ?? null, equipment: room.equipment, accessibility: room.accessibility,
    rules: room.rules, policy: room.bookingPolicy, is_demo: isDemo ? 1 : 0, now,
  });
  setRoomOrganizations(db, id, room.organizationIds);
  return id;
}

export function updateRoomRow(db: Db, id: string, room: RoomInput) {
  sql(db, `UPDATE rooms SET name = :name, capacity = :capacity, equipment = :equipment, accessibility = :accessibility, rules = :rules,
      booking_policy = :policy, updated_at = :now WHERE id = :id`).run({
    id, name: room.name, capacity: room.capacity ?? null, equipment: room.equipment, accessibility: room.accessibility,
    rules: room.rules, policy: room.bookingPolicy, now: nowIso(),
  });
  setRoomOrganizations(db, id, room.organizationIds);
}

function setRoomOrganizations(db: Db, roomId: string, organizationIds: string[]) {
  sql(db, 'DELETE FROM room_organizations WHERE room_id = ?').run(roomId);
  for (const organizationId of new Set(organizationIds)) {
    sql(db, 'INSERT INTO room_organizations (room_id, organization_id) VALUES (?, ?)').run(roomId, organizationId);
  }
}

export function deleteRoomRow(db: Db, id: string) {
  sql(db, 'DELETE FROM rooms WHERE id = ?').run(id);
}

interface BookingRow {
  id: string; room_id: string; organization_id: string; requested_by: string; purpose: string; starts_at: string; ends_at: string;
  timezone: string; rrule: string | null; exdates: string; status: BookingStatus; answer: string; answered_by: string | null; answered_at: string | null;
  public_event: number; event_id: string | null; created_at: string;
}

const rowToBooking = (row: BookingRow): Booking => ({
  id: row.id, roomId: row.room_id, organizationId: row.organization_id, requestedBy: row.requested_by, purpose: row.purpose,
  startsAt: row.starts_at, endsAt: row.ends_at, timezone: row.timezone, rrule: row.rrule, exdates: JSON.parse(row.exdates) as string[], status: row.status, answer: row.answer,
  answeredBy: row.answered_by, answeredAt: row.answered_at, publicEvent: row.public_event === 1, eventId: row.event_id, createdAt: row.created_at,
});

export function findBooking(db: Db, id: string): Booking | null {
  const row = sql(db, 'SELECT * FROM bookings WHERE id = ?').get(id) as BookingRow | undefined;
  return row ? rowToBooking(row) : null;
}

/** A booking as requested: what the requester says of it, before any answer. */
export type NewBooking = Pick<Booking, 'roomId' | 'organizationId' | 'requestedBy' | 'purpose' | 'startsAt' | 'endsAt' | 'timezone' | 'rrule' | 'publicEvent'>
  & { status: 'pending' | 'approved'; isDemo?: boolean };

/** Writes a booking and the slots it holds; call inside the transaction that checked them free. */
export function insertBooking(db: Db, booking: NewBooking, slots: { startsAt: string; endsAt: string }[]): string {
  const id = uuidv7();
  const now = nowIso();
  sql(db, `INSERT INTO bookings (id, room_id, organization_id, requested_by, purpose, starts_at, ends_at, timezone, rrule, status,
      public_event, is_demo, created_at, updated_at)
    VALUES (:id, :room_id, :organization_id, :requested_by, :purpose, :starts_at, :ends_at, :timezone, :rrule, :status,
      :public_event, :is_demo, :now, :now)`).run({
    id, room_id: booking.roomId, organization_id: booking.organizationId, requested_by: booking.requestedBy, purpose: booking.purpose,
    starts_at: booking.startsAt, ends_at: booking.endsAt, timezone: booking.timezone, rrule: booking.rrule, status: booking.status,
    public_event: booking.publicEvent ? 1 : 0, is_demo: booking.isDemo ? 1 : 0, now,
  });
  const insertSlot = sql(db, 'INSERT INTO booking_slots (room_id, starts_at, ends_at, booking_id) VALUES (?, ?, ?, ?)');
  for (const slot of slots) insertSlot.run(booking.roomId, slot.startsAt, slot.endsAt, id);
  return id;
}

/** The first slot of the room that overlaps [startsAt, endsAt), if any (instants as ISO UTC with milliseconds). */
export function firstOverlap(db: Db, roomId: string, startsAt: string, endsAt: string): { startsAt: string; endsAt: string; bookingId: string } | null {
  // A slot lasts at most maxSlotMs, so one that overlaps starts no earlier than that before this one: a bounded index range.
  const earliest = new Date(Date.parse(startsAt) - maxSlotMs).toISOString();
  const row = sql(db, `SELECT starts_at, ends_at, booking_id FROM booking_slots
    WHERE room_id = :room_id AND starts_at > :earliest AND starts_at < :ends_at AND ends_at > :starts_at
    ORDER BY starts_at LIMIT 1`).get({ room_id: roomId, earliest, starts_at: startsAt, ends_at: endsAt }) as
    { starts_at: string; ends_at: string; booking_id: string } | undefined;
  return row ? { startsAt: row.starts_at, endsAt: row.ends_at, bookingId: row.booking_id } : null;
}

/** A booking answered or cancelled: its new status, and its slots given back unless it stays approved. */
export function setBookingStatus(db: Db, id: string, status: BookingStatus, answer: { by: string; message: string } | null) {
  const now = nowIso();
  sql(db, `UPDATE bookings SET status = :status, answer = coalesce(:message, answer), answered_by = coalesce(:by, answered_by),
      answered_at = CASE WHEN :by IS NULL THEN answered_at ELSE :now END, updated_at = :now WHERE id = :id`).run({
    id, status, message: answer?.message ?? null, by: answer?.by ?? null, now,
  });
  if (status === 'refused' || status === 'cancelled') sql(db, 'DELETE FROM booking_slots WHERE booking_id = ?').run(id);
}

/** Gives back the slot of one date of a booking (its start as stored); false when it holds none there. */
export function releaseSlot(db: Db, bookingId: string, startsAt: string): boolean {
  const released = sql(db, 'DELETE FROM booking_slots WHERE booking_id = ? AND starts_at = ?').run(bookingId, startsAt).changes === 1;
  if (released) {
    sql(db, `UPDATE bookings SET exdates = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(exdates) UNION SELECT :start ORDER BY 1)),
      updated_at = :now WHERE id = :id`).run({ id: bookingId, start: startsAt, now: nowIso() });
  }
  return released;
}

export function setBookingEvent(db: Db, id: string, eventId: string) {
  sql(db, 'UPDATE bookings SET event_id = ?, updated_at = ? WHERE id = ?').run(eventId, nowIso(), id);
}

export const countSlots = (db: Db, bookingId: string) =>
  (sql(db, 'SELECT count(*) AS n FROM booking_slots WHERE booking_id = ?').get(bookingId) as { n: number }).n;

/** The slots of a room overlapping [from, to), with what a calendar shows; soonest first. */
export function slotsBetween(db: Db, roomId: string, from: string, to: string): SlotView[] {
  const earliest = new Date(Date.parse(from) - maxSlotMs).toISOString();
  return (sql(db, `SELECT s.starts_at, s.ends_at, s.booking_id, b.status, b.purpose, b.organization_id, b.rrule, o.name AS organization_name
      FROM booking_slots s JOIN bookings b ON b.id = s.booking_id JOIN elements o ON o.id = b.organization_id
      WHERE s.room_id = :room_id AND s.starts_at > :earliest AND s.starts_at < :to AND s.ends_at > :from
      ORDER BY s.starts_at`).all({ room_id: roomId, earliest, from, to }) as {
    starts_at: string; ends_at: string; booking_id: string; status: BookingStatus; purpose: string; organization_id: string;
    rrule: string | null; organization_name: string;
  }[]).map((row) => ({
    startsAt: row.starts_at, endsAt: row.ends_at, bookingId: row.booking_id, status: row.status, purpose: row.purpose,
    organizationId: row.organization_id, organizationName: row.organization_name, recurring: row.rrule !== null,
  }));
}

/** Bookings of a room, or several, by status, newest first. */
export function bookingsOfRooms(db: Db, roomIds: string[], statuses: BookingStatus[], limit = 100): Booking[] {
  if (roomIds.length === 0) return [];
  return (db.prepare(`SELECT * FROM bookings WHERE room_id IN (${roomIds.map(() => '?').join(',')})
      AND status IN (${statuses.map(() => '?').join(',')}) ORDER BY created_at DESC LIMIT ?`)
    .all(...roomIds, ...statuses, limit) as BookingRow[]).map(rowToBooking);
}

/** Bookings made for these organizations, newest first. */
export function bookingsOfOrganizations(db: Db, organizationIds: string[], limit = 100): Booking[] {
  if (organizationIds.length === 0) return [];
  return (db.prepare(`SELECT * FROM bookings WHERE organization_id IN (${organizationIds.map(() => '?').join(',')})
      ORDER BY created_at DESC LIMIT ?`).all(...organizationIds, limit) as BookingRow[]).map(rowToBooking);
}

/** Rooms of the places this person administers (box admins: every room). */
export function roomsAdministeredBy(db: Db, personId: string, isBoxAdmin: boolean): string[] {
  const rows = isBoxAdmin
    ? sql(db, 'SELECT r.id FROM rooms r JOIN elements p ON p.id = r.place_id WHERE p.deleted_at IS NULL').all()
    : sql(db, `SELECT r.id FROM rooms r JOIN links l ON l.to_id = r.place_id AND l.from_id = ? AND l.status = 'active' AND l.is_admin = 1
        JOIN elements p ON p.id = r.place_id WHERE p.deleted_at IS NULL`).all(personId);
  return (rows as { id: string }[]).map((row) => row.id);
}

/** Organizations this person administers (active admin link), by name. */
export function organizationsAdministeredBy(db: Db, personId: string): { id: string; name: string }[] {
  return sql(db, `SELECT e.id, e.name FROM links l JOIN elements e ON e.id = l.to_id
    WHERE l.from_id = ? AND l.status = 'active' AND l.is_admin = 1 AND e.type = 'organization' AND e.deleted_at IS NULL
    ORDER BY e.name`).all(personId) as { id: string; name: string }[];
}

export function addNotice(db: Db, booking: Booking, status: BookingStatus, message: string) {
  sql(db, `INSERT INTO booking_notices (id, organization_id, booking_id, status, message, created_at)
    VALUES (?, ?, ?, ?, ?, ?)`).run(uuidv7(), booking.organizationId, booking.id, status, message, nowIso());
}

export function noticesOf(db: Db, organizationIds: string[], limit = 20): Notice[] {
  if (organizationIds.length === 0) return [];
  return (db.prepare(`SELECT * FROM booking_notices WHERE organization_id IN (${organizationIds.map(() => '?').join(',')})
      ORDER BY created_at DESC LIMIT ?`).all(...organizationIds, limit) as {
    id: string; booking_id: string; organization_id: string; status: BookingStatus; message: string; created_at: string;
  }[]).map((row) => ({ id: row.id, bookingId: row.booking_id, organizationId: row.organization_id, status: row.status, message: row.message, createdAt: row.created_at }));
}

/** Demo rooms and their bookings go with the demo content. */
export function deleteDemoRooms(db: Db) {
  sql(db, 'DELETE FROM bookings WHERE is_demo = 1').run();
  sql(db, 'DELETE FROM rooms WHERE is_demo = 1').run();
}
